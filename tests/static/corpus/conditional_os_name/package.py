import os

name = "conditional_os_name"
version = "1.0.0"
if os.name == "nt":
    requires = ["python-3.9", "pywin32-305"]
else:
    requires = ["python-3.9"]
