name = "local_preprocess_error"
version = "1.0.0"

requires = ["python-3"]


def preprocess(this, data):
    raise ValueError("préprocessus cassé")
