name = "while_loop"
version = "1.0.0"
_n = 0
requires = ["python-3.9"]
while _n < 1:
    build_requires = ["cmake-3.26"]
    _n += 1
