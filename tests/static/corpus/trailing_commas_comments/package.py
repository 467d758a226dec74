name = "trailing_commas_comments"  # the family
version = "0.9.0"  # bumped by the release script

requires = [
    # runtime
    "python-3.9",   # pinned by the show
    "numpy-1.24",
    # "scipy-1.10",  disabled for now
]

variants = [
    ["platform-linux", "python-3.9",],  # linux first
    ["platform-windows", "python-3.9",],
]
