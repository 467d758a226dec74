name = "empty_lists"
version = "1.0.0"
requires = []
variants = []
build_requires = []
private_build_requires = []
tests = {}
