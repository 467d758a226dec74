name = "private_build_requires_early"
version = "1.2.0"
requires = ["python-3.9"]


@early()
def private_build_requires():
    import sys
    reqs = ["cmake-3.26"]
    if sys.platform == "win32":
        reqs.append("visual_studio-2019")
    return reqs
