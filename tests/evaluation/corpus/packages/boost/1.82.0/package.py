name = "boost"
version = "1.82.0"
