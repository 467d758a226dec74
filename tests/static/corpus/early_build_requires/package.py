name = "early_build_requires"
version = "1.0.0"
requires = ["python-3.9"]


@early()
def build_requires():
    # the build tools depend on the family name
    if this.name.startswith("early"):
        return ["cmake-3.26", "gcc-11"]
    return ["cmake-3.20"]
