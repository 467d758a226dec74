import os

name = "render_tools"
version = "3.0.0"

requires = ["python-3.9+"]
variants = [["platform-linux", "pyside2-5"]]

if os.environ.get("STUDIO_QT6", "1") == "1":
    variants.append(["platform-linux", "pyside6-6"])

for _family in ("boost", "cmake"):
    globals()["_%s_req" % _family] = "%s-1+" % _family if _family == "boost" else "%s-3+" % _family

build_requires = [_boost_req, _cmake_req]

tests = {
    "unit": {"command": "pytest -q", "requires": ["pytest-7"]},
    "lint": "flake8",
}
