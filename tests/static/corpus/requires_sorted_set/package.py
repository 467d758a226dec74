name = "requires_sorted_set"
version = "1.0.0"
requires = sorted({"python-3.9", "numpy-1.24"})
