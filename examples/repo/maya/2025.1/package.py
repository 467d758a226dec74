name = "maya"
version = "2025.1"
requires = ["python-3.11", "~platform==linux"]
