name = "maya"
version = "2024.2"
requires = ["python-3.9", "~platform==linux"]
