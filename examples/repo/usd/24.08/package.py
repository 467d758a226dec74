name = "usd"
version = "24.08"
requires = ["boost-1.82+<2"]
variants = [
    ["python-3.11"],
]
