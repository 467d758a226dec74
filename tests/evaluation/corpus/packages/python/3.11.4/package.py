name = "python"
version = "3.11.4"
