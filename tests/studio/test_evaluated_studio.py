"""Who may have their package.py evaluated (the `Consent` as a table), and the studio applying it: computed
repository packages evaluated by rez in the worker where allowed, an unsaved buffer evaluated in place of its
file only with the workspace consent, and every other computed package kept with why and how to allow it."""

from __future__ import annotations

import os

import pytest

from pyrer.studio import Studio, StudioConfig
from pyrer.studio.consent import HOW_REPOSITORIES_CHECK, HOW_WORKSPACE_CHECK, Consent

WS = "/home/zoë/shots"  # a workspace folder (accents on purpose)

CONSENT = [
    # (repositories, workspace, path, unsaved, allowed)
    (True, False, "/studio/packages/maya/2024/package.py", False, True),
    (True, False, "/studio/packages/maya/2024/package.py", True, False),  # the user's buffer of it
    (True, False, WS + "/repo/tool/1.0/package.py", False, False),  # a workspace folder, even on the path
    (True, False, WS + "-other/tool/1.0/package.py", False, True),  # a sibling folder is not inside it
    (False, True, WS + "/repo/tool/1.0/package.py", False, True),
    (False, True, "/studio/packages/maya/2024/package.py", False, False),
    (False, True, "/studio/packages/maya/2024/package.py", True, True),
    (False, False, WS + "/tool/package.py", False, False),
]


@pytest.mark.parametrize("repositories,workspace,path,unsaved,allowed", CONSENT)
def test_who_may_be_evaluated(repositories, workspace, path, unsaved, allowed):
    consent = Consent.of(repositories, workspace, [WS])
    assert consent.allows_file(path, unsaved) is allowed
    assert consent.allows_document() is workspace
    assert not Consent.of(True, True, [WS], available=False).allows_file(path, unsaved)


def test_why_not_names_the_way_to_allow_it():
    consent = Consent.of(True, False, [WS], HOW_REPOSITORIES_CHECK, HOW_WORKSPACE_CHECK)
    assert "run pyrer check with --evaluate" in consent.why_not(WS + "/tool/1.0/package.py")
    assert "run pyrer check with --evaluate" in consent.why_not(document=True)
    off = Consent.of(False, False, [WS], HOW_REPOSITORIES_CHECK, HOW_WORKSPACE_CHECK)
    assert "leave out --no-evaluate-repositories" in off.why_not("/studio/packages/maya/2024/package.py")
    assert "rez is not installed" in Consent.of(available=False).why_not(document=True)


COMPUTED = '''name = "{name}"
version = "1.0"
description = "calculé — 计算"

@early()
def requires():
    return ["{requires}"]
'''


def _package(root: str, name: str, requires: str) -> str:
    folder = os.path.join(root, name, "1.0")
    os.makedirs(folder)
    path = os.path.join(folder, "package.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(COMPUTED.format(name=name, requires=requires))
    return path


@pytest.fixture(scope="module")
def evaluator(tmp_path_factory):
    from pyrer.evaluation import Evaluator

    env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
    env["REZ_DISABLE_HOME_CONFIG"] = "1"
    with Evaluator(env=env, cache=None) as evaluator:
        yield evaluator


@pytest.mark.parametrize("workspace", [False, True], ids=["repositories only", "and the workspace"])
def test_the_studio_evaluates_what_the_consent_allows(tmp_path, evaluator, workspace):
    external, mine = str(tmp_path / "external"), str(tmp_path / "workspace" / "repo")
    tool = _package(external, "tool", "python-3")
    edited = _package(external, "edited", "python-3")
    own = _package(mine, "own", "python-3")
    buffers = {edited: COMPUTED.format(name="edited", requires="python-3.11")}
    consent = Consent.of(True, workspace, [str(tmp_path / "workspace")])
    studio = Studio(StudioConfig(packages_path=(mine, external)), overlay=buffers.get, evaluator=evaluator,
                    consent=consent)
    (record,) = studio.family("tool").records
    assert (record.error, record.requires) == (None, ("python-3",))  # a repository package: evaluated
    (record,) = studio.family("edited").records
    if workspace:  # the buffer, evaluated in place of the file
        assert (record.error, record.requires) == (None, ("python-3.11",))
    else:
        assert record.requires == () and "only with your consent" in record.error
    (record,) = studio.family("own").records
    if workspace:
        assert (record.error, record.requires) == (None, ("python-3",))
    else:
        assert "only with your consent" in record.error and "evaluateWorkspacePackages" in record.error
    assert tool and own


def test_without_an_evaluator_a_computed_package_says_why(tmp_path):
    external = str(tmp_path / "external")
    _package(external, "tool", "python-3")
    studio = Studio(StudioConfig(packages_path=(external,)), consent=Consent.of(False, False))
    (record,) = studio.family("tool").records
    assert "evaluation of repository packages is turned off" in record.error
    assert "evaluateRepositoryPackages" in record.error
    (bare,) = Studio(StudioConfig(packages_path=(external,))).family("tool").records
    assert bare.error.endswith("pyrer does not run it here")
