name = "early_reads_constant"
version = "3.1.0"
PYTHON = "python-3.11"
MAYA_VERSIONS = ["2023", "2024"]


@early()
def variants():
    return [[PYTHON, "maya-%s" % v] for v in MAYA_VERSIONS]


requires = ["platform-linux"]
