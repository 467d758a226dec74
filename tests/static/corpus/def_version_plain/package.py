name = "def_version_plain"


def version():
    # without @early rez drops this function: the package ends up without a version
    return "5.0.0"


requires = ["python-3.9"]
