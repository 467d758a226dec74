import platform

name = "dict_lookup_requires"
version = "1.0.0"
requires = {
    "Linux": ["python-3.9", "gcc-11"],
    "Windows": ["python-3.9"],
    "Darwin": ["python-3.9"],
}.get(platform.system(), ["python-3.9"])
