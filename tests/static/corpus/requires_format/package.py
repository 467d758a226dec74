name = "requires_format"
version = "1.0.0"
MAYA_VERSION = "2024"
requires = [
    "maya-{}".format(MAYA_VERSION),
    "mtoa-{0}.{1}".format(5, 3),
]
