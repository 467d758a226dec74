name, version = "tuple_unpacking", "1.0.0"
requires, build_requires = ["python-3.9"], ["cmake-3.26"]
