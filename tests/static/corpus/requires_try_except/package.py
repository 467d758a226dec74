name = "requires_try_except"
version = "1.0.0"
try:
    import json
    requires = ["python-3.9", "simplejson-3"]
except ImportError:
    requires = ["python-2.7"]
