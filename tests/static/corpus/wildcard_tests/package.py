name = "wildcard_tests"
version = "1.0.0"
requires = ["python-3"]
tests = {
    "unit": {"command": "pytest", "requires": ["pytest-*"]},
    "lint": "flake8",
}
