name = "variants_comprehension"
version = "1.0.0"
_pythons = ["3.9", "3.11"]
variants = [["platform-linux", "python-%s" % v] for v in _pythons]
