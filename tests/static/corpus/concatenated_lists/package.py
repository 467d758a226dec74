name = "concatenated_lists"
version = "1.1.0"
requires = ["python-3.9"] + [
    "numpy-1.24",
]
build_requires = ["cmake-3.26"] + ["gcc-11"]
variants = [["platform-linux"]] + [["platform-windows"]]
description = "joined " + "with " + "plus"
