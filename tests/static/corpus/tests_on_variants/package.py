name = "tests_on_variants"
version = "1.0.0"
variants = [["python-3.9"], ["python-3.11"]]
tests = {
    "py311": {
        "command": "pytest",
        "requires": ["pytest-7"],
        "on_variants": {"type": "requires", "value": ["python-3.11"]},
    },
}
