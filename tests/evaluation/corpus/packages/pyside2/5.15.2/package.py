name = "pyside2"
version = "5.15.2"
