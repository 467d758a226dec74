name = "versioned"


@early()
def version():
    # rez builds from the package's folder: the VERSION file next to this one
    with open("VERSION", encoding="utf-8") as f:
        return f.read().strip()


requires = ["python-3.9+"]
