import os

name = "tests_conditional"
version = "1.0.0"
tests = {"unit": {"command": "pytest", "requires": ["pytest-7"]}}
if os.name == "nt":
    tests["windows"] = {"command": "pytest -m win"}
