name = "late_requires"
version = "1.0.0"


@late()
def requires():
    if in_context() and "maya" in request:
        return ["maya_plugin_loader"]
    return ["python-3.9"]
