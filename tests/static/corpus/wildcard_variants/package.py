name = "wildcard_variants"
version = "1.0.0"
variants = [["python-2.*"], ["python-3.**"]]
