name = "lambda_value"
version = "1.0.0"
tools = (lambda: ["lv-a", "lv-b"])()
