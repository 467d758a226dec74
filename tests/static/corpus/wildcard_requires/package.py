name = "wildcard_requires"
version = "1.0.0"
requires = ["python-*", "platform-*", "maya-2024.*"]
