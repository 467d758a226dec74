name = "cmake"
version = "3.22.1"
