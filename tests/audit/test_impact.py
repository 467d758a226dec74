"""`pyrer impact` against brute force: the audit of the studio with and without the package installed."""

from __future__ import annotations

import json
import os
import random

import pytest

from pyrer.cli import main
from pyrer_ls.analysis.workspace import Settings, Workspace
from pyrer_ls.audit.cache import ResultCache
from pyrer_ls.audit.impact import release_impact
from pyrer_ls.audit.runner import run_audit
from pyrer_ls.check import iter_documents
from tests.audit.gen_repo import families, package_text, write_workspace


def _releases(seed: int):
    """New packages to release: a new top version of a family, a lower one, one of pyth (required widely),
    a re-release of an existing version with other requirements, a brand-new family, one requiring a ghost,
    and the ghost itself (documents whose unknown requirement now exists are analysed again)."""
    fams = families(seed)
    rng = random.Random(seed)
    names = sorted(n for n in fams if n.startswith("fam"))
    low = names[0]
    top = rng.choice(names[6:])
    existing = rng.choice(names)
    version = sorted(fams[existing])[0]
    return [
        ("pyth", "3.12.0", {}),
        ("pyth", "2.7.99", {}),
        (top, "3.9", {"requires": fams[top][sorted(fams[top])[-1]].get("requires", [])}),
        (low, "0.1", {"requires": ["pyth-2"]}),
        (existing, version, {"requires": ["pyth-3.11"]}),
        ("brand_new", "1.0", {"requires": [low]}),
        (low, "9.0", {"requires": ["ghost_9"]}),
        ("ghost_1", "1.0", {"requires": ["pyth-3"]}),  # a family some packages require but none had
    ]


def _brute_force(repo: str, folder: str, name: str, version: str, text: str):
    """Audit without, install the package, audit with, put the repository back: the changed resolves."""
    settings = Settings()
    docs = list(iter_documents([repo, folder], settings.request_file_globs))
    keep = lambda reads: True  # noqa: E731
    before = {r.path: r for r in run_audit(docs, Workspace([repo], settings), jobs=1, keep_resolves=keep).results}
    target = os.path.join(repo, name, version, "package.py")
    old = open(target, encoding="utf-8").read() if os.path.exists(target) else None
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    try:
        after = {r.path: r for r in run_audit(docs, Workspace([repo], settings), jobs=1, keep_resolves=keep).results}
    finally:
        if old is None:
            os.remove(target)
        else:
            with open(target, "w", encoding="utf-8") as f:
                f.write(old)
    changed = {}
    for path, a in before.items():
        if os.path.abspath(path) == target:
            continue
        old_r = {r.label: (r.status, r.resolved) for r in a.resolves}
        new_r = {r.label: (r.status, r.resolved) for r in after[path].resolves}
        for label in set(old_r) | set(new_r):
            old_v, new_v = old_r.get(label), new_r.get(label)
            solved = any(v is not None and v[0] == "solved" for v in (old_v, new_v))
            if old_v != new_v and (solved or old_v is None or new_v is None):  # still failing: not an impact
                changed[(path, label)] = (old_v, new_v)
    return changed


@pytest.mark.parametrize("seed", [3, 11])
def test_impact_equals_brute_force(tmp_path, seed):
    repo, folder = write_workspace(str(tmp_path / "ws"), seed)
    settings = Settings()
    docs = list(iter_documents([repo, folder], settings.request_file_globs))
    config = Workspace([repo], settings).config
    seen_kinds = set()
    cache = ResultCache(str(tmp_path / "cache"))
    for name, version, fields in _releases(seed):
        text = package_text(name, version, fields)
        source = tmp_path / "dev" / name / "package.py"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(text, encoding="utf-8")
        # the baseline from the results cache (cold for the first release, warm after)
        impact = release_impact(str(source), text, config, settings, docs, jobs=2, cache=cache)
        assert not impact.problems
        found = {}
        for kind, changes in (("break", impact.breaks), ("change", impact.changes), ("fix", impact.fixes)):
            for c in changes:
                found[(c.path, c.label)] = ((c.before_status, c.before), (c.after_status, c.after))
                seen_kinds.add(kind)
                if kind == "break":
                    assert c.failure  # the new failure, with its chain
        expected = _brute_force(repo, folder, name, version, text)
        expected = {k: (v[0] or ("absent", []), v[1] or ("absent", [])) for k, v in expected.items()}
        expected = {k: (tuple(v[0]), tuple(v[1])) for k, v in expected.items()}
        found = {k: (tuple(v[0]), tuple(v[1])) for k, v in found.items()}
        assert found == expected, (name, version)
    assert seen_kinds >= {"break", "change"}


def test_impact_command(tmp_path, capsys):
    repo, folder = write_workspace(str(tmp_path / "ws"), 3)
    dev = tmp_path / "dev" / "package.py"
    dev.parent.mkdir()
    dev.write_text(package_text("pyth", "3.12.0", {}), encoding="utf-8")
    code = main(["impact", str(dev), "--packages-path", repo, "--requests", folder, "--format", "json",
                 "--no-cache"])
    data = json.loads(capsys.readouterr().out)
    assert data["package"] == "pyth-3.12.0" and data["release_path"] == repo
    assert data["headline"].startswith("releasing pyth-3.12.0: ")
    assert code == (1 if data["breaks"] else 0)
    assert main(["impact", str(dev), "--packages-path", repo, "--no-cache"]) in (0, 1)
    assert capsys.readouterr().out.startswith("releasing pyth-3.12.0: ")
    sarif = tmp_path / "impact.sarif"
    main(["impact", str(dev), "--packages-path", repo, "--requests", folder, "--format", "sarif", "--output",
          str(sarif)])
    log = json.loads(sarif.read_text(encoding="utf-8"))
    try:
        import jsonschema  # noqa: PLC0415

        from tests.audit.test_formats import _schema  # noqa: PLC0415
        jsonschema.Draft4Validator(_schema()).validate(log)
    except ImportError:
        pass
    assert len(log["runs"][0]["results"]) == len(data["breaks"]) + len(data["changes"]) + len(data["newly_resolved"])
    bad = tmp_path / "bad.py"
    bad.write_text("name = (\n")
    assert main(["impact", str(bad), "--packages-path", repo, "--no-cache"]) == 2
