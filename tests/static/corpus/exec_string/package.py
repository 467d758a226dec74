name = "exec_string"
version = "1.0.0"
requires = ["python-3.9"]
exec("requires = ['python-3.11']")
