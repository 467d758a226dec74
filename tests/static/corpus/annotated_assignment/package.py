name: str = "annotated_assignment"
version: str = "1.0.0"
requires: list = ["python-3.9"]
