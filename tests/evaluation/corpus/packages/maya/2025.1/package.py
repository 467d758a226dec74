name = "maya"
version = "2025.1"
