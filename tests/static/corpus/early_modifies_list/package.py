name = "early_modifies_list"
version = "1.0.0"
requires = ["python-3.9"]


@early()
def build_requires():
    requires.append("numpy-1.24")
    return ["cmake-3.26"]
