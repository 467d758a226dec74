name = "studio_tools"
version = "1.2.0"

requires = ["python-3.9+"]


def preprocess(this, data):
    # runs after the studio's global preprocess (package_preprocess_mode = "after")
    data["requires"].append("pyside6-6")
