name = ("parenthesised_values")
version = (
    "2024"
    ".1"
    ".0"
)
description = ("A description split "
               "over several lines "
               "by implicit concatenation.")
requires = ([
    "python-3.11",
    "maya-2024",
])
variants = ([["platform-linux"]])
