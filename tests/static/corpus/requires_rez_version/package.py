name = "requires_rez_version"
version = "1.0.0"
requires_rez_version = "2.100"
requires = ["python-3.9"]
