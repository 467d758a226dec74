name = "anim_tools"
version = "2.1.0"


@early()
def requires():
    import os

    maya = os.environ.get("STUDIO_MAYA", "2024")
    return ["maya-%s" % maya, "python-3.9+<3.12"]


@early()
def variants():
    return [["platform-linux", "python-%s" % v] for v in ("3.9", "3.11")]


build_requires = ["cmake-3.22+"]
timestamp = 1712345678
