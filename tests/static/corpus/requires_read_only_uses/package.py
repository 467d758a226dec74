name = "requires_read_only_uses"
version = "1.0.0"
requires = ["python-3.9", "numpy-1.24"]

# reading a list of strings leaves it as written
if "python-3.9" in requires:
    _has_python = True
_families = [r.split("-")[0] for r in requires]
description = "needs " + ", ".join(requires)


@early()
def build_requires():
    return ["cmake-3.26"] + [r for r in this.requires if r.startswith("numpy")]
