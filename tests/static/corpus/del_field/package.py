name = "del_field"
version = "1.0.0"
requires = ["python-3.9"]
_tmp = ["x"]
tools = ["df"]
del tools
