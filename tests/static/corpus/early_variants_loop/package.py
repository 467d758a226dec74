name = "early_variants_loop"
version = "1.4.0"

PYTHONS = ["3.9", "3.11"]


@early()
def variants():
    out = []
    for py in PYTHONS:
        out.append(["platform-linux", "python-%s" % py])
    return out
