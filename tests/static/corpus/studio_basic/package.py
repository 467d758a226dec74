# -*- coding: utf-8 -*-

name = "studio_basic"

version = "2.3.1"

description = "Pipeline utilities shared by every show."

authors = ["pipeline-team", "jdoe"]

requires = [
    "python-3.9+<3.12",
    "~maya-2023+",
    "!houdini<19",
]

variants = [
    ["platform-linux", "python-3.9"],
    ["platform-linux", "python-3.11"],
]

build_command = "python {root}/build.py {install}"

uuid = "6f1d4f1a-8b8a-4a37-9a38-1d3f2c0c9d11"

help = "https://wiki.example.com/studio_basic"

tools = ["sb-publish", "sb-check"]


def commands():
    env.PYTHONPATH.append("{root}/python")
    env.PATH.append("{root}/bin")
