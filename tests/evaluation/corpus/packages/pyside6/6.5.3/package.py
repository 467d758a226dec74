name = "pyside6"
version = "6.5.3"
