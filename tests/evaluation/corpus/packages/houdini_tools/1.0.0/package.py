name = "houdini_tools"
version = "1.0.0"


@late()
def requires():
    if in_context() and "maya" in request:
        return ["maya_bridge"]
    return ["python-3.9"]


variants = [["platform-linux"]]
