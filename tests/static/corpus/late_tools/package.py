name = "late_tools"
version = "1.0.0"
requires = ["python-3.9"]


@late()
def tools():
    return ["lt-" + x for x in ("a", "b")]
