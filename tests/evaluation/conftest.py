"""Fixtures of the evaluation tests: a private copy of the corpus, the workers' environment, evaluators."""

from __future__ import annotations

import os
import shutil
from typing import Callable, Dict, List

import pytest

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


class Corpus:
    """A copy of tests/evaluation/corpus: `root`, `rezconfig`, `packages` (a packages path), `dev`."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.rezconfig = os.path.join(root, "rezconfig.py")
        self.packages = os.path.join(root, "packages")
        self.dev = os.path.join(root, "dev")

    def developer(self, name: str) -> str:
        return os.path.join(self.dev, name, "package.py")

    def repository(self, name: str, version: str) -> str:
        return os.path.join(self.packages, name, version, "package.py")

    def env(self, **extra: str) -> Dict[str, str]:
        """The workers' environment: this one without REZ_* variables, rez configured by the
        corpus's rezconfig only."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
        env["REZ_CONFIG_FILE"] = self.rezconfig
        env["REZ_DISABLE_HOME_CONFIG"] = "1"
        env.update(extra)
        return env


def copy_corpus(target: str) -> Corpus:
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns("__pycache__"))
    return Corpus(target)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Corpus:
    """One copy for the tests that only read it."""
    return copy_corpus(str(tmp_path_factory.mktemp("evaluation") / "corpus"))


@pytest.fixture
def own_corpus(tmp_path) -> Corpus:
    """A copy of its own for a test that changes files."""
    return copy_corpus(str(tmp_path / "corpus"))


@pytest.fixture
def make_evaluator(tmp_path) -> Callable[..., "object"]:
    """Evaluator factory (closed after the test); the cache defaults to a private one, `cache=None`
    for none."""
    from pyrer.evaluation import Evaluator
    from pyrer.rez.cache import PackageFileCache

    made: List[Evaluator] = []

    def make(corpus: Corpus, cache="private", env=None, **kwargs) -> Evaluator:
        if cache == "private":
            cache = PackageFileCache(str(tmp_path / "cache"))
        evaluator = Evaluator(env=env or corpus.env(), cache=cache, **kwargs)
        made.append(evaluator)
        return evaluator

    yield make
    for evaluator in made:
        evaluator.close()
