name = "globals_item"
version = "1.0.0"
for _tool in ["a", "b"]:
    globals()["tool_" + _tool] = _tool
tools = ["gi"]
