name = "wildcards"
version = "1.0.0.dev"

requires = ["python-*", "cmake-3.*", "boost-**", "maya-2024.*", "platform-*"]
variants = [["python-3.*"], ["python-2.*"]]

tests = {
    "unit": {"command": "pytest -q tests", "requires": ["pytest-*"]},
    "style": "flake8 .",
}
