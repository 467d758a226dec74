# -*- coding: utf-8 -*-
name = "early_requires_unicode"
version = "1.2.0"
description = "Éclairage — 照明 🎬"
authors = ["Zoë Ångström", "李雷"]


@early()
def requires():
    base = ["python-3.9"]  # l'interpréteur — 解释器 🐍
    extra = {"🎬": "maya-2024", "工具": "cmake-3"}
    return base + [extra["🎬"], extra["工具"]]
