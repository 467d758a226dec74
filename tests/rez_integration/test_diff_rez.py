"""`pyrer diff-rez`: agreement with rez, and a planted divergence found and minimised."""

from __future__ import annotations

import io
import json

import pytest

REPO = {
    "app-1": 'requires = ["lib", "zlib-2"]\n',
    "lib-1": "",
    "lib-2": 'requires = ["zlib-1"]\n',
    "zlib-1": "",
    "zlib-2": "",
    "noise-1": 'requires = ["extra"]\n',
    "noise-2": 'requires = ["extra-2"]\n',
    "extra-1": "",
    "extra-2": "",
    "other-1": 'variants = [["zlib-1"], ["zlib-2"]]\n',
}
REQUESTS = [["noise"], ["other", "zlib-2"], ["app", "noise"], ["lib", "app"], ["nothere"], ["app", "zlib-1"]]


@pytest.fixture
def repo(make_repo, locked_rez):
    return make_repo(REPO)


@pytest.fixture
def requests_file(tmp_path):
    path = tmp_path / "requests.txt"
    path.write_text("# requests\n" + "\n".join(" ".join(r) for r in REQUESTS) + "\n")
    return str(path)


def test_agreement_on_a_small_repository(repo, requests_file, capsys):
    from pyrer.cli import main
    from pyrer.rez.diff import diff_rez, read_requests

    assert read_requests(requests_file) == REQUESTS
    report = diff_rez(REQUESTS, [repo])
    assert (report.total, report.agreed, report.divergences) == (len(REQUESTS), len(REQUESTS), [])
    assert main(["diff-rez", "--paths", repo, "--requests", requests_file, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["agreed"] == out["total"] == len(REQUESTS) and out["reproduction"] is None


class IgnoresZlibOfLib:
    """A loader that reads lib's packages without their zlib requirement (a planted bug)."""

    def __init__(self, paths):
        from pyrer.rez import RezFamilyLoader

        self.inner = RezFamilyLoader(paths, package_filter=None, cache=None)

    def load_family(self, name):
        import pyrer

        out = self.inner.load_family(name)
        if name != "lib":
            return out
        return [pyrer.PackageData(d.name, d.version, [r for r in d.requires if not r.startswith("zlib")], d.variants)
                for d in out]

    def package(self, name, version):
        return self.inner.package(name, version)


def test_planted_divergence_is_found_and_minimised(repo):
    from pyrer.rez.diff import _print_report, diff_rez

    report = diff_rez(REQUESTS, [repo], loader_factory=IgnoresZlibOfLib)
    assert report.agreed == len(REQUESTS) - 2
    assert [d.index for d in report.divergences] == [2, 3]
    first = report.divergences[0]
    assert first.rez.status == first.pyrer.status == "solved"
    assert "lib-1[]" in first.rez.resolved and "lib-2[]" in first.pyrer.resolved

    repro = report.reproduction
    assert repro.request == ["app"]
    assert sorted(p.label for p in repro.packages) == ["app-1", "lib-1", "lib-2", "zlib-2"]
    lib2 = next(p for p in repro.packages if p.label == "lib-2").as_dict()
    assert lib2["rez"]["requires"] == ["zlib-1"] and lib2["pyrer"]["requires"] == []
    assert repro.rez.resolved == ["lib-1[]", "zlib-2[]", "app-1[]"]
    assert repro.pyrer.resolved == ["lib-2[]", "zlib-2[]", "app-1[]"]

    buf = io.StringIO()
    _print_report(report, buf)
    text = buf.getvalue()
    assert "6 requests: 4 agree, 2 diverge" in text
    assert "minimal reproduction (4 packages" in text and "request: app" in text


def test_cli_reports_divergence_with_exit_status_and_repro_file(repo, requests_file, tmp_path, monkeypatch, capsys):
    from pyrer.cli import main
    from pyrer.rez import diff

    monkeypatch.setattr(diff, "_default_loader", IgnoresZlibOfLib)
    repro = tmp_path / "repro.json"
    assert main(["diff-rez", "--paths", repo, "--requests", requests_file, "--repro", str(repro)]) == 1
    assert "2 diverge" in capsys.readouterr().out
    data = json.loads(repro.read_text())
    assert data["request"] == ["app"] and len(data["packages"]) == 4
