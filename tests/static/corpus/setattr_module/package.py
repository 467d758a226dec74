import sys

name = "setattr_module"
version = "1.0.0"
requires = ["python-3.9"]
setattr(sys.modules[__name__], "tools", ["sm"])
