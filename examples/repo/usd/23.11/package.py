name = "usd"
version = "23.11"
requires = ["boost-1.76+<2"]
variants = [
    ["python-3.9"],
    ["python-3.11"],
]
