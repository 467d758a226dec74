name = "unversioned"
description = "A package without a version"
requires = ["python-3"]
