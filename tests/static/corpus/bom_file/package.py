name = "bom_file"
version = "1.2.0"
description = "Saved by an editor that writes a BOM"
requires = ["python-3.9"]
