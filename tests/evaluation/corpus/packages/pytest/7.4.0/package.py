name = "pytest"
version = "7.4.0"
requires = ["python-3"]
