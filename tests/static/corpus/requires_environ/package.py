import os

name = "requires_environ"
version = "1.0.0"
requires = [
    "python-3.9",
    "maya-%s" % os.environ.get("REZ_CORPUS_MAYA", "2024"),
]
