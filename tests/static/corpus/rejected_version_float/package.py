name = "rejected_version_float"
version = 1.0
