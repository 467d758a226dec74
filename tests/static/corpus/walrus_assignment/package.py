name = "walrus_assignment"
(version := "1.0.0")
requires = ["python-3.9"]
