name = "early_requires_platform"
version = "2.0.0"


@early()
def requires():
    import platform
    reqs = ["python-3.9"]
    if platform.system() == "Windows":
        reqs.append("pywin32-305")
    else:
        reqs.append("gcc-11")
    return reqs
