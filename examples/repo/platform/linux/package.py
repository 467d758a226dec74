name = "platform"
version = "linux"
