# -*- coding: utf-8 -*-
name = "anim_rig"
version = "1.4.0"
description = "Rig d'animation — リグ 🎬"
authors = ["Zoë Saldaña"]


@early()
def requires():
    # the runtime needs any Maya from 2024 on, a build pins the oldest
    return ["python-3.9+", "maya-2024" if building else "maya-2024+"]


@early()
def private_build_requires():
    return ["cmake-3.22+", "pytest-*"]


@early()
def variants():
    return [["platform-linux", "python-%s" % v] for v in ("3.9", "3.11")]


def commands():
    env.PYTHONPATH.append("{root}/python")
