name = "tests_computed"
version = "1.0.0"
tests = {"unit": "pytest"}
tests.update({"lint": "flake8"})
