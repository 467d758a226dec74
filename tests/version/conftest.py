"""Fixtures giving the version module under test: pyrer, or rez.version itself as a reference."""
import collections
import os
import types

import pytest

API = ("Version", "VersionRange", "Requirement", "RequirementList", "VersionError",
       "AlphanumericVersionToken", "reverse_sort_key", "VersionedObject")


class _Namespace(types.SimpleNamespace):
    def __repr__(self):
        return "<%s>" % self.__name__


class _Counter(collections.Counter):
    def __repr__(self):
        return "<cases>"


_CASES = _Counter()


def _rez_namespace():
    rez_version = pytest.importorskip("rez.version", reason="rez 3.4.0 is not installed")
    ns = _Namespace(**{name: getattr(rez_version, name) for name in API})
    ns.__name__ = "rez.version"
    return ns


def _load_module_under_test():
    if os.environ.get("PYRER_VERSION_MODULE", "pyrer") == "rez":
        return _rez_namespace()
    try:
        import pyrer
    except ImportError as exc:
        pytest.skip("pyrer is not importable (not built/installed yet?): %s" % exc)
    missing = [name for name in API if not hasattr(pyrer, name)]
    if missing:
        pytest.skip("pyrer has no version API yet (missing %s)" % ", ".join(missing))
    return pyrer


@pytest.fixture(scope="session")
def vmod():
    """The module under test: pyrer, or rez.version when PYRER_VERSION_MODULE=rez."""
    return _load_module_under_test()


@pytest.fixture(scope="session")
def rez():
    """The reference implementation, rez.version (always the real one)."""
    return _rez_namespace()


@pytest.fixture(scope="session")
def cases():
    """Counter of generated differential cases, reported at the end of the run."""
    return _CASES


def pytest_terminal_summary(terminalreporter):
    if _CASES:
        total = sum(_CASES.values())
        detail = ", ".join("%s=%d" % kv for kv in sorted(_CASES.items()))
        terminalreporter.write_line("differential cases run: %d (%s)" % (total, detail))
