name = "python"
version = "3.11.4"
description = "The Python interpreter."
