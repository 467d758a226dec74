name = "rejected_requires_string"
version = "1.0.0"
requires = "python-3.9"
