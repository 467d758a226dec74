name = "early_this"
version = "1.0.0"
tools = ["et"]
build_requires = ["cmake-3.26"]


@early()
def requires():
    this.tools.append("et-extra")
    return ["python-3.9"] + this.build_requires
