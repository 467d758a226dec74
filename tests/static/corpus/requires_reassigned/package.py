name = "requires_reassigned"
version = "1.0.0"
requires = ["python-3.9", "numpy-1.24"]
requires = sorted(requires)
