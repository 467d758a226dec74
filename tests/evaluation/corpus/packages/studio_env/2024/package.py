name = "studio_env"
version = "2024"
