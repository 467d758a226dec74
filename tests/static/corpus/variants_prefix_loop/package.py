name = "variants_prefix_loop"
version = "0.4.0"
variants = []
for _py in ("3.9", "3.11"):
    variants.append(["python-" + _py, "gcc-11"])
del _py
