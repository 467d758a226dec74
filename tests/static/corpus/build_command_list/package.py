name = "build_command_list"
version = "1.0.0"
build_command = ["python", "{root}/build.py", "{install}"]
build_system = "custom"
