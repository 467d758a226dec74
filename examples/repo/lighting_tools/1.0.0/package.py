name = "lighting_tools"
version = "1.0.0"
requires = ["studio_pipeline-2", "maya-2025", "usd-24"]
