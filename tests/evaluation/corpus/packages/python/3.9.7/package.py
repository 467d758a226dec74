name = "python"
version = "3.9.7"
