name = "python"
version = "3.9.7"
description = "The Python interpreter."
