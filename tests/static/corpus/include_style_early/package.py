name = "include_style_early"
version = "1.0.0"


@early()
def description():
    return "built on " + "linux"


@early()
def requires():
    return ["python-3.9"]
