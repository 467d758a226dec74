name = "nuke"
version = "15.0.1"
requires = ["python-3.11"]
