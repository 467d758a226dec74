name = "helper_function_value"
version = "1.0.0"


def _reqs():
    return ["python-3.9", "numpy-1.24"]


requires = _reqs()
