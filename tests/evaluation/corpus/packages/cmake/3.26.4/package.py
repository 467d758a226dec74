name = "cmake"
version = "3.26.4"
