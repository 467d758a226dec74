__doc__ = "module docstring set by hand"
__version__ = "9.9"
name = "dunder_fields"
version = "1.0.0"
