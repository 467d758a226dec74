name = "rejected_syntax_error"
version = "1.0.0"
requires = ["python-3.9",
