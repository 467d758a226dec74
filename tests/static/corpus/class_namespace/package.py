name = "class_namespace"
version = "1.0.0"


class _Versions:
    PYTHON = "3.9"


requires = ["python-" + _Versions.PYTHON]
