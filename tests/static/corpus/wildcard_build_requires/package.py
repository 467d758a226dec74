name = "wildcard_build_requires"
version = "1.0.0"
requires = ["python-3.9"]
build_requires = ["cmake-3.*", "gcc-**"]
tests = {"unit": {"command": "pytest", "requires": ["pytest-*"]}}
