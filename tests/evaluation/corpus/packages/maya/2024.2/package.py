name = "maya"
version = "2024.2"
