name = "requires_none"
version = "1.0.0"
requires = None
tools = None
