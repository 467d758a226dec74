name = "alias_modified"
version = "1.0.0"
requires = ["python-3.9"]
_r = requires
_r.append("numpy-1.24")
