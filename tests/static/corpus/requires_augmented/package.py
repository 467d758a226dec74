name = "requires_augmented"
version = "1.0.0"
requires = ["python-3.9"]
requires += ["numpy-1.24"]
build_requires = ["cmake-3.26"]
