from os.path import *

name = "star_import"
version = "1.0.0"
requires = ["python-3.9"]
