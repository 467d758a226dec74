"""The corpus (tests/static/corpus/) evaluated by rez in pyrer's worker, against rez run in this test process.

For every file: the analysis with evaluation allowed (the view the resolves use) against rez's developer package
loading (`get_developer_package`: `@early` evaluated, wildcards expanded against a small packages path), field by
field; the studio's evaluated repository view against rez's filesystem repository loading; and `pyrer check`
(a real process, `--evaluate`, with and without a packages path; and without `--evaluate`). The result: no false
error on a file rez loads, an error on each file rez refuses, and no field that differs from rez without a notice.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any, Dict, List

import pytest

from pyrer_ls.analysis import Codes, analyze_text
from pyrer_ls.analysis.model import Severity
from pyrer_ls.analysis.workspace import Settings, Workspace
from tests.evaluation import oracle
from tests.static.test_corpus import CORPUS, FAMILIES, NAMES

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ERRORS = (Codes.SYNTAX, Codes.INVALID_REQUIREMENT, Codes.INVALID_VERSION, Codes.BAD_FIELD, Codes.EVALUATION_FAILED)
REFUSED = ("rejected_", "evaluation_fails_")
LIST_KEYS = ("requires", "build_requires", "private_build_requires")


class Setup:
    def __init__(self, root: str) -> None:
        self.root = root
        self.packages = os.path.join(root, "packages")
        self.repo = os.path.join(root, "repo")
        self.dev = os.path.join(root, "dev")
        for family, versions in FAMILIES.items():
            for v in versions:
                folder = os.path.join(self.packages, family, v)
                os.makedirs(folder)
                with open(os.path.join(folder, "package.py"), "w") as f:
                    f.write('name = "%s"\nversion = "%s"\n' % (family, v))
        shutil.copytree(CORPUS, self.dev)
        for name in NAMES:
            os.makedirs(os.path.join(self.repo, name, "1.0.0"))
            shutil.copy(os.path.join(CORPUS, name, "package.py"), os.path.join(self.repo, name, "1.0.0"))
        self.rezconfig = os.path.join(root, "rezconfig.py")
        with open(self.rezconfig, "w") as f:
            f.write("packages_path = []\nimplicit_packages = []\n")

    def env(self, **extra: str) -> Dict[str, str]:
        """rez configured by the set-up's rezconfig alone (no packages path unless a flag or variable gives one)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
        env.update({"REZ_CONFIG_FILE": self.rezconfig, "REZ_DISABLE_HOME_CONFIG": "1",
                    "PYRER_CACHE_DIR": os.path.join(self.root, "cache")}, **extra)
        return env

    def path(self, name: str) -> str:
        return os.path.join(self.dev, name, "package.py")


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Setup:
    return Setup(str(tmp_path_factory.mktemp("corpus-evaluated")))


@pytest.fixture(scope="module")
def evaluator(setup):
    from pyrer.evaluation import Evaluator

    with Evaluator(env=setup.env(REZ_PACKAGES_PATH=setup.packages), cache=None) as evaluator:
        yield evaluator


@pytest.fixture(scope="module")
def rez(setup):
    """rez in this process, configured as the workers are."""
    from rez.config import _create_locked_config, config
    from rez.package_repository import package_repository_manager

    locked = _create_locked_config({"packages_path": [setup.packages], "implicit_packages": []})
    config._swap(locked)
    try:
        yield
    finally:
        config._swap(locked)
        package_repository_manager.clear_caches()


def _text(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _view_fields(info) -> Dict[str, Any]:
    return {
        "name": info.name, "version": info.version or "",
        **{k: [r.text for r in getattr(info, k)] for k in LIST_KEYS},
        "variants": [[r.text for r in row] for row in info.variants or []],
        "tests": {k: [r.text for r in v] for k, v in info.tests.items()},
    }


def _rez_fields(fields: Dict[str, Any]) -> Dict[str, Any]:
    out = {k: fields[k] for k in ("name", "version", "variants") + LIST_KEYS}
    out["tests"] = {name: [str(r) for r in (t.get("requires") or [])] if isinstance(t, dict) else []
                    for name, t in (fields["tests"] or {}).items()}
    return out


@pytest.mark.parametrize("name", NAMES)
def test_evaluated_view_matches_rez_developer_loading(name, setup, evaluator, rez):
    path = setup.path(name)
    try:
        expected = _rez_fields(oracle.developer_fields(path))
    except Exception as e:  # noqa: BLE001 - rez refuses the file
        expected = {"<error>": "%s: %s" % (type(e).__name__, e)}
    ws = Workspace(settings=Settings(packages_path=[setup.packages], evaluate_workspace_packages=True),
                   evaluator=evaluator)
    analysis = analyze_text(path, _text(path), ws)
    errors = [(f.code, f.message) for f in analysis.findings if f.code in ERRORS]
    if name.startswith(REFUSED):
        assert "<error>" in expected, "rez was expected to refuse %s" % name
        assert errors, "rez refuses %s (%s); the analysis says nothing" % (name, expected["<error>"])
        return
    assert "<error>" not in expected, expected
    assert errors == [], "false error on a file rez loads"
    assert not [f for f in analysis.findings if f.severity == Severity.ERROR and f.code in ERRORS]
    info = analysis.package
    notices = {(f.range, f.code) for f in analysis.findings}
    ours = _view_fields(info)
    for key, value in expected.items():
        if key in info.computed:  # @late: rez evaluates it in a resolve only; the file says so
            assert (info.field_ranges[key], Codes.NOT_STATIC) in notices, key
        else:
            assert ours[key] == value, key
    evaluated = analysis.evaluation is not None and analysis.evaluation.package is not None
    assert evaluated == (analysis.evaluation is not None), analysis.evaluation


def test_the_evaluation_failure_is_rez_s_error_on_its_line(setup, evaluator):
    path = setup.path("evaluation_fails_early_raises")
    ws = Workspace(settings=Settings(packages_path=[setup.packages], evaluate_workspace_packages=True),
                   evaluator=evaluator)
    analysis = analyze_text(path, _text(path), ws)
    (failure,) = [f for f in analysis.findings if f.code == Codes.EVALUATION_FAILED]
    assert failure.range.start.line == 8  # return [studio["windows"]]
    assert failure.message.endswith("KeyError: 'windows' (package.py, line 9)"), failure.message
    assert "Traceback" not in failure.message


def _solver_fields(name: str, repository: str) -> Dict[str, Any]:
    """What a resolve reaching the package reads through rez's filesystem repository (rez validates each attribute
    when it is read): requires and variants (`rez env`), build_requires (`rez build`); each value or its error."""
    from rez.package_repository import package_repository_manager
    from rez.packages import get_package_from_repository

    package_repository_manager.clear_caches()
    out: Dict[str, Any] = {}
    try:
        package = get_package_from_repository(name, "1.0.0", repository)
    except Exception as e:  # noqa: BLE001 - the file does not load at all
        return {k: {"<error>": str(e)} for k in ("requires", "variants", "build_requires")}
    for key in ("requires", "variants", "build_requires"):
        try:
            late = getattr(getattr(package.resource, key, None), "late_binding", False)
            value = getattr(package, key)
            out[key] = "@late" if late else [[str(r) for r in v] for v in value or []] if key == "variants" else [
                str(r) for r in value or []]
        except Exception as e:  # noqa: BLE001
            out[key] = {"<error>": str(e)}
    return out


def _unreadable(requirements) -> bool:
    """A requirement pyrer's solver refuses when a resolve reaches it, as rez does."""
    import pyrer

    for r in requirements:
        try:
            pyrer.Requirement(r)
        except pyrer.VersionError:
            return True
    return False


@pytest.mark.parametrize("name", NAMES)
def test_evaluated_repository_view_matches_rez_repository_loading(name, setup, evaluator, rez):
    from pyrer.studio import Studio, StudioConfig

    expected = _solver_fields(name, setup.repo)
    studio = Studio(StudioConfig(packages_path=(setup.repo,)), evaluator=evaluator)
    (record,) = studio.family(name).records
    runtime = [expected["requires"], expected["variants"]]
    if "@late" in runtime:
        assert record.error and "@late" in record.error
        return
    if any(isinstance(v, dict) for v in runtime):  # rez fails when a resolve reaches it: so does pyrer
        assert record.error or _unreadable(list(record.requires) + [r for v in record.variants for r in v]), name
        return
    assert record.error is None, record.error
    assert [list(record.requires), [list(v) for v in record.variants]] == runtime
    build = expected["build_requires"]
    if isinstance(build, dict) or build == "@late":
        assert record.build_requires is None or _unreadable(record.build_requires), name
    else:
        assert list(record.build_requires) == build


def _check(setup: Setup, *args: str) -> List[dict]:
    run = subprocess.run([sys.executable, "-m", "pyrer", "check", setup.dev, "--format", "json", *args],
                         capture_output=True, text=True, env=setup.env(), cwd=setup.root, timeout=600)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def _by_file(findings: List[dict]) -> Dict[str, List[dict]]:
    out: Dict[str, List[dict]] = {}
    for f in findings:
        out.setdefault(os.path.basename(os.path.dirname(f["path"])), []).append(f)
    return out


def _refused_by_rez(setup: Setup, packages_path: List[str]) -> List[str]:
    """The corpus files rez's developer loading refuses with this packages path (wildcards expand against it)."""
    from rez.config import _create_locked_config, config
    from rez.package_repository import package_repository_manager

    locked = _create_locked_config({"packages_path": packages_path, "implicit_packages": []})
    config._swap(locked)
    refused = []
    try:
        for name in NAMES:
            try:
                oracle.developer_fields(setup.path(name))
            except Exception:  # noqa: BLE001
                refused.append(name)
    finally:
        config._swap(locked)
        package_repository_manager.clear_caches()
    return refused


@pytest.mark.parametrize("paths", [[], ["--packages-path"]], ids=["no packages path", "a packages path"])
def test_pyrer_check_with_evaluation_has_no_false_error(setup, paths):
    args = ["--evaluate"] + ([paths[0], setup.packages] if paths else [])
    refused = _refused_by_rez(setup, [setup.packages] if paths else [])
    assert set(refused) >= {n for n in NAMES if n.startswith(REFUSED)}
    found = _by_file(_check(setup, *args))
    for name in NAMES:
        errors = [f for f in found.get(name, []) if f["code"] in ERRORS]
        if name in refused:
            assert errors, name
        else:
            assert errors == [], (name, errors)
        notes = [f["message"] for f in found.get(name, []) if f["code"] == Codes.NOT_STATIC]
        assert not any("--evaluate" in m for m in notes), (name, notes)  # evaluated: nothing left to allow


def test_pyrer_check_without_consent_says_how_to_allow_it(setup):
    found = _by_file(_check(setup, "--packages-path", setup.packages))
    for name in ("early_requires_unicode", "early_reads_constant", "wildcard_tests", "variants_prefix_loop"):
        notes = [f["message"] for f in found.get(name, []) if f["code"] == Codes.NOT_STATIC]
        assert notes and all("run pyrer check with --evaluate" in m for m in notes), (name, notes)
    assert not any(f["code"] == Codes.EVALUATION_FAILED for fs in found.values() for f in fs)
