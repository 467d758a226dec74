name = \
    "line_continuations"
version = "1.0." \
    "5"
requires = ["python-3.9", \
            "boost-1.76"]
build_requires = \
    ["cmake-3.20+"]
