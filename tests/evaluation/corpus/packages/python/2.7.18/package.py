name = "python"
version = "2.7.18"
