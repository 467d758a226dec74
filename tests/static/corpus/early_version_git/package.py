name = "early_version_git"


@early()
def version():
    import subprocess
    try:
        out = subprocess.check_output(["git", "describe", "--tags", "--abbrev=0"],
                                      stderr=subprocess.DEVNULL, cwd="/nonexistent-dir-for-tests")
        return out.decode().strip().lstrip("v")
    except Exception:
        return "0.0.0"


requires = ["python-3.9"]
