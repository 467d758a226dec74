# -*- coding: utf-8 -*-
# Outils USD — 工具 (installed by hand: computed fields)
name = "usd_tools"
version = "23.11"
description = "Outils USD du studio ✨"

_boost = "1.82"
_pythons = ["3.9", "3.11"]

requires = ["boost-{}".format(_boost), "cmake-{0}+".format("3.22")]

variants = [["python-%s" % p] for p in _pythons]

timestamp = 1700000000
