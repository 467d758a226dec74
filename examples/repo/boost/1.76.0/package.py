name = "boost"
version = "1.76.0"
