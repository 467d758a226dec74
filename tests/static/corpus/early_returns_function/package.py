name = "early_returns_function"
version = "1.0.0"
variants = [["python-3.9"]]


@early()
def build_requires():
    def inner():
        return ["cmake-3.26"]
    return inner()
