name = "private_variables"
version = "1.0.0"
_py = "3.9"
_defaults = {"maya": "2024"}
requires = ["python-" + _py, "maya-" + _defaults["maya"]]
