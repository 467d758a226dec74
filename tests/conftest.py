"""Shared pytest options (differential case count and seed) and fixtures (pyrer, rez oracle)."""

import os
import tempfile

import pytest

# pyrer's persistent caches (`pyrer check` results, the rez loader's package files) go to a folder of this run
os.environ.setdefault("PYRER_CACHE_DIR", tempfile.mkdtemp(prefix="pyrer-test-cache-"))


def pytest_addoption(parser):
    parser.addoption("--count", type=int, default=None,
                     help="number of seeded random cases for tests/differential "
                          "(default: $PYRER_DIFF_COUNT or 1000)")
    parser.addoption("--seed", type=int, default=None,
                     help="first seed for tests/differential (default: $PYRER_DIFF_SEED or 0)")


@pytest.fixture(scope="session")
def pyrer_mod():
    """The pyrer module; skips the test when pyrer.solve is not built yet."""
    from tests.differential.compare import require_pyrer

    return require_pyrer()


@pytest.fixture(scope="session")
def rez_oracle():
    """rez's Solver behind a locked config (rez is a test dependency, so this never skips)."""
    from tests.differential.rez_oracle import RezOracle

    with RezOracle() as oracle:
        yield oracle
