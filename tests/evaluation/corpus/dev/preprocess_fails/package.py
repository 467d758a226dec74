name = "preprocess_fails"
version = "0.9.0"

requires = ["python-3"]
