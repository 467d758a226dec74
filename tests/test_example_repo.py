"""The bundled example: every request of examples/rez-requests.txt resolves as rez resolves it."""

from __future__ import annotations

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.join(ROOT, "examples", "repo")


def _requests():
    from pyrer.cli import _read_request_file

    return _read_request_file(os.path.join(ROOT, "examples", "rez-requests.txt"))


def _rez(request):
    from rez.exceptions import RezError
    from rez.solver import Solver
    from rez.version import Requirement

    try:
        solver = Solver([Requirement(r) for r in request], [REPO])
        solver.solve()
    except RezError as e:
        return "error", type(e).__name__
    return solver.status.name, [str(v) for v in solver.resolved_packages or []]


@pytest.mark.parametrize("request_", _requests(), ids=" ".join)
def test_example_request_matches_rez(request_):
    import pyrer
    from pyrer.studio import Studio, StudioConfig

    studio = Studio(StudioConfig(packages_path=(REPO,)))
    result = pyrer.solve(request_, load_family=studio.load_family)
    status, rez_out = _rez(request_)
    assert result.status == status
    if status == "solved":
        assert [str(v) for v in result.resolved_packages] == rez_out
    assert not [p for name in studio.family_names() for p in studio.family(name).problems]


def test_cli_runs_on_the_example(capsys):
    from pyrer.cli import main

    assert main(["solve", "--paths", REPO, "--requests", os.path.join(ROOT, "examples", "rez-requests.txt")]) == 0
    out = capsys.readouterr().out
    assert "studio_pipeline-2.3.0[0]" in out and "PackageFamilyNotFoundError" in out
