name = "early_variants_this_requires"
version = "1.0.0"
requires = ["python-3.9"]


@early()
def variants():
    return [["platform-linux"] + [r for r in this.requires if r.startswith("python")]]
