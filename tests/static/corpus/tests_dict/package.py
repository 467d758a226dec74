name = "tests_dict"
version = "1.0.0"
requires = ["six-1.16"]
variants = [["python-3.9"], ["python-3.11"]]

tests = {
    "unit": {
        "command": "pytest {root}/tests",
        "requires": ["pytest-7"],
        "run_on": ["default", "pre_release"],
        "on_variants": True,
    },
    "lint": "flake8 {root}/python",
    "docs": ["sphinx-build", "-b", "html", "docs", "build/docs"],
}
