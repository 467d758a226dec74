name = "crlf_endings"
version = "0.4.2"
requires = [
    "python-3.11",
    "cmake-3.20+",
]
variants = [["platform-windows"], ["platform-linux"]]
def commands():
    env.PATH.append("{root}/bin")
