name = "requires_plus_extra"
version = "1.0.0"
extra = ["numpy-1.24"]
requires = ["python-3.9"] + extra
