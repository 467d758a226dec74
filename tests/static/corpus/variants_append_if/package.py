import sys

name = "variants_append_if"
version = "1.0.0"
requires = ["python-3"]

variants = []
if sys.platform.startswith("linux"):
    variants.append(["platform-linux", "gcc-11"])
else:
    variants.append(["platform-windows"])
