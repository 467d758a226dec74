import os

name = "early_version_file"


@early()
def version():
    path = os.path.join(os.getcwd(), "VERSION")
    if os.path.exists(path):
        with open(path) as f:
            return f.read().strip()
    return "1.0.0"


requires = ["python-3.11"]
