name = "nuke"
version = "14.1.2"
requires = ["python-3.9"]
