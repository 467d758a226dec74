name = "requires_extend_in_function"
version = "1.0.0"
requires = ["python-3.9"]


def _add_extras(reqs):
    reqs.extend(["numpy-1.24", "scipy-1.10"])


_add_extras(requires)
