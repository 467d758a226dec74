name = "private_build_requires_plain"
version = "1.2.0"
requires = ["python-3.9"]
build_requires = ["cmake-3.26"]
private_build_requires = ["gcc-11", "pytest-7"]
