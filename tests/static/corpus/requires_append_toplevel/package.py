name = "requires_append_toplevel"
version = "1.0.0"
requires = ["python-3.9"]
requires.append("numpy-1.24")
