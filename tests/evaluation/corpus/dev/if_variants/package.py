import os
import sys

name = "if_variants"
version = "5.0.0"

requires = ["python-3.9+"]
variants = [["platform-linux", "pyside2-5"]]

if os.environ.get("STUDIO_QT6", "1") == "1":
    variants.append(["platform-linux", "pyside6-6"])

if sys.version_info[0] >= 3:
    build_requires = ["cmake-3.22+"]
else:
    build_requires = ["cmake-2"]
