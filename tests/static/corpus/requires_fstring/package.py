name = "requires_fstring"
version = "1.0.0"
_houdini = "20.0"
requires = [f"houdini-{_houdini}", "python-3.10"]
