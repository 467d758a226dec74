"""Running rez's own CLI with and without the shim: environment variables for a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from typing import Dict, List, Optional

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PTH = os.path.join(REPO, "server", "pyrer.data", "purelib", "pyrer_rez_shim.pth")

# The benchmark requests start with these weak requests: the benchmark's own implicit packages.
BENCH_IMPLICITS = ["~diam==linux", "~understatement==x86_64", "~aftershave==CentOS-7"]


def rez_cli() -> str:
    """The `rez` command next to this interpreter."""
    path = os.path.join(os.path.dirname(sys.executable), "rez")
    if not os.path.exists(path):
        path = shutil.which("rez") or path
    return path


def pth_installed() -> bool:
    """True if this interpreter's site-packages has pyrer_rez_shim.pth (a non-editable install)."""
    return os.path.isfile(os.path.join(sysconfig.get_paths()["purelib"], "pyrer_rez_shim.pth"))


def cli_env(workdir: str, packages_path: List[str], implicit_packages: List[str], shim: bool,
            cache_dir: Optional[str] = None) -> Dict[str, str]:
    """Environment for `rez ...`: a rez config of our own in `workdir` (no home config),
    REZ_PACKAGES_PATH, and PYRER_REZ_SHIM on or off (use the same `workdir` for runs to compare). Editable installs do not ship the .pth file: it is then loaded from
    the repository through a sitecustomize on PYTHONPATH (set for both runs, so that the two
    environments differ only in PYRER_REZ_SHIM)."""
    os.makedirs(workdir, exist_ok=True)
    config_file = os.path.join(workdir, "rezconfig.py")
    with open(config_file, "w") as f:
        f.write("implicit_packages = %r\n" % (list(implicit_packages),))
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("REZ_") or key.startswith("PYRER_"):
            del env[key]
    env.update({
        "REZ_CONFIG_FILE": config_file,
        "REZ_DISABLE_HOME_CONFIG": "1",
        "REZ_PACKAGES_PATH": os.pathsep.join(packages_path),
        "PYRER_REZ_SHIM": "1" if shim else "0",
        "PYRER_REZ_SHIM_LOG": "1",
    })
    env["PYRER_CACHE_DIR"] = cache_dir or os.path.join(workdir, "pyrer-cache")  # never the user's cache
    if not pth_installed():
        site_dir = os.path.join(workdir, "site")
        hook_dir = os.path.join(workdir, "hook")
        os.makedirs(site_dir, exist_ok=True)
        os.makedirs(hook_dir, exist_ok=True)
        shutil.copy(PTH, site_dir)
        with open(os.path.join(hook_dir, "sitecustomize.py"), "w") as f:
            f.write("import site\nsite.addsitedir(%r)\n" % site_dir)
        env["PYTHONPATH"] = os.pathsep.join([hook_dir] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def rez_env(request: List[str], env: Dict[str, str], command: List[str]) -> subprocess.CompletedProcess:
    """`rez env REQUEST -- COMMAND`."""
    return subprocess.run([rez_cli(), "env"] + list(request) + ["--"] + list(command),
                          env=env, capture_output=True, text=True, timeout=600)


VOLATILE = ("REZ_RXT_FILE", "REZ_CONTEXT_FILE", "REZ_SHELL_INIT_TIMESTAMP", "REZ_USED_TIMESTAMP", "PYRER_REZ_SHIM",
            "_", "OLDPWD")


def parse_env(text: str) -> Dict[str, str]:
    """`printenv` output as a dict, without the variables that differ between any two runs."""
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key not in VOLATILE:
            out[key] = value
    return out
