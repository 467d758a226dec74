name = "rejected_bad_version"
version = "1..0"
