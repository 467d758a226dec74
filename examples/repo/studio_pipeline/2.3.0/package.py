name = "studio_pipeline"
version = "2.3.0"
requires = [
    "usd-23+",
    "~maya-2024+",
    "!nuke<14",
]
variants = [["python-3.9"], ["python-3.11"]]
