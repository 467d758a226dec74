name = "triple_quoted_description"
version = "1.0.0"
description = """
    A longer description,
    over several lines.
"""
requires = ['''python-3.9''']
