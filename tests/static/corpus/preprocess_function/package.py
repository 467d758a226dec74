name = "preprocess_function"
version = "1.0.0"
requires = ["python-3.9"]


def preprocess(this, data):
    data["requires"] = data.get("requires", []) + ["numpy-1.24"]
