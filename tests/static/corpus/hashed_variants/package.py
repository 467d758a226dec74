name = "hashed_variants"
version = "1.0.0"
hashed_variants = True
variants = [["python-3.9", "platform-linux"], ["python-3.11", "platform-linux"]]
