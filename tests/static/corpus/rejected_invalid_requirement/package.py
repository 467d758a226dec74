name = "rejected_invalid_requirement"
version = "1.0.0"
requires = ["python--3.9"]
