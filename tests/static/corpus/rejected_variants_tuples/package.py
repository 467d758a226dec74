name = "rejected_variants_tuples"
version = "1.0.0"
variants = [("python-3.9",), ("python-3.11",)]
