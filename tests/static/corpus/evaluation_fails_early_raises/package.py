name = "evaluation_fails_early_raises"
version = "1.0.0"
description = "Un @early qui échoue — 失败 💥"


@early()
def requires():
    studio = {"linux": "python-3.9"}
    return [studio["windows"]]
