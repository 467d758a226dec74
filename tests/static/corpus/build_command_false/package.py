name = "build_command_false"
version = "1.0.0"
build_command = False
requires = ["python-3"]
