name = "globals_update"
version = "1.0.0"
requires = ["python-3.9"]
globals().update({"tools": ["gu-run"], "requires": ["python-3.11"]})
