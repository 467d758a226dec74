name = "format_reqs"
version = "1.0.0"

_versions = {"python": "3.9", "maya": "2024", "boost": "1.82"}

requires = [
    "python-{python}".format(**_versions),
    "maya-{0}+<{1}".format(_versions["maya"], int(_versions["maya"]) + 2),
    "boost-%s" % _versions["boost"],
    f"cmake-{3}.{22}+",
]
build_requires = ["{}-{}".format(n, v) for n, v in sorted(_versions.items()) if n != "maya"]
