name = "requires_percent"
version = "1.0.0"
_py = "3.9"
requires = ["python-%s" % _py, "numpy-1.24"]
