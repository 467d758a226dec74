name = "chained_assignment"
version = "1.0.0"
requires = build_requires = ["python-3.9"]
build_requires.append("cmake-3.26")
