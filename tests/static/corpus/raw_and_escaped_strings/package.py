name = "raw_and_escaped_strings"
version = "1.0.0"
requires = [r"python-3.9", "numpy-1.2\x34", u"scipy-1.10"]
description = "tab\there, quote \" and backslash \\"
