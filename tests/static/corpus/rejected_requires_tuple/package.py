name = "rejected_requires_tuple"
version = "1.0.0"
requires = ("python-3.9", "numpy-1.24")
