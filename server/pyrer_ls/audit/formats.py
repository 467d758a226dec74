"""`pyrer check` output: the text lines, JSON, GitHub Actions workflow commands and the summary line."""

from __future__ import annotations

import json
from typing import Dict, Iterable, List, Sequence

from pyrer_ls.analysis.model import Codes
from pyrer_ls.audit.record import DocumentResult

# one line per code, for SARIF rules and JUnit (docs/lsp.md has an example of each)
DESCRIPTIONS: Dict[str, str] = {
    Codes.SYNTAX: "Python syntax error in package.py",
    Codes.INVALID_REQUIREMENT: "A requirement string that does not parse",
    Codes.INVALID_VERSION: "The version field does not parse",
    Codes.UNKNOWN_FAMILY: "No package family of that name in the packages paths",
    Codes.NO_VERSION_IN_RANGE: "The family has no version in the requested range",
    Codes.CONFLICT: "The resolve fails on a conflict",
    Codes.CYCLE: "The resolve fails on a cyclic dependency",
    Codes.VARIANT_CONFLICT: "A variant's requirements conflict with requires",
    Codes.NOT_STATIC: "A field computed by code: not checked statically",
    Codes.RESOLVE_ERROR: "The resolve stops with an error found deeper in the graph",
    Codes.BAD_FIELD: "A field has a literal value of the wrong shape",
    Codes.BUDGET: "The resolve hit its time budget or iteration limit: neither solved nor failed",
    Codes.CONTEXT_DRIFT: "A saved context now resolves a package differently",
    Codes.CONTEXT_UNRESOLVABLE: "A saved context's request no longer resolves",
    Codes.CONTEXT_UNREADABLE: "A .rxt file is not a readable rez context",
    Codes.CONTEXT_NOT_REPLAYED: "A saved setting the re-solve cannot apply",
}
ANALYSIS_FAILED = "PYRER000"  # pyrer itself failed on the document (a bug: please report it)
DESCRIPTIONS[ANALYSIS_FAILED] = "pyrer could not analyse the document (a pyrer bug)"


def all_findings(results: Iterable[DocumentResult]) -> List[dict]:
    """Every finding, with a PYRER000 error for a document whose analysis failed."""
    out = []
    for r in results:
        if r.error:
            out.append({"path": r.path, "range": {"start": {"line": 0, "character": 0},
                                                   "end": {"line": 0, "character": 0}},
                        "severity": "error", "code": ANALYSIS_FAILED,
                        "message": "pyrer could not analyse this file: %s" % r.error})
        out += r.findings
    return out


def text_lines(results: Iterable[DocumentResult]) -> List[str]:
    """`path:line:col: severity[code]: message`; a message's further lines indented under it."""
    return ["%s:%d:%d: %s[%s]: %s" % (f["path"], f["range"]["start"]["line"] + 1, f["range"]["start"]["character"] + 1,
                                     f["severity"], f["code"], f["message"].replace("\n", "\n    "))
            for f in all_findings(results)]


def json_text(results: Iterable[DocumentResult]) -> str:
    """The findings as one JSON list (related places included)."""
    return json.dumps(all_findings(results), indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def github_lines(results: Iterable[DocumentResult]) -> List[str]:
    """GitHub Actions workflow commands: `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`."""
    out = []
    for f in all_findings(results):
        start, end = f["range"]["start"], f["range"]["end"]
        props = [("file", f["path"]), ("line", str(start["line"] + 1)), ("col", str(start["character"] + 1)),
                 ("endLine", str(end["line"] + 1)), ("endColumn", str(end["character"] + 1)),
                 ("title", "pyrer %s" % f["code"])]
        out.append("::%s %s::%s" % (GITHUB_LEVELS[f["severity"]], ",".join("%s=%s" % (k, _escape_property(v))
                                                                          for k, v in props), _escape_data(f["message"])))
    return out


def counts(results: Sequence[DocumentResult]) -> Dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0, "hint": 0}
    for f in all_findings(results):
        out[f["severity"]] += 1
    return out


def _plural(n: int, word: str) -> str:
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def summary_line(results: Sequence[DocumentResult], seconds: float, cached: int, analysed: int, jobs: int,
                 shard: str = "") -> str:
    """One line: documents, where their results came from, the findings, and the stopped resolves."""
    c = counts(results)
    with_errors = sum(1 for r in results if r.error or any(f["severity"] == "error" for f in r.findings))
    stopped = sum(1 for r in results for f in r.findings if f["code"] == Codes.BUDGET)
    parts = ["pyrer check%s: %s" % (" (shard %s)" % shard if shard else "", _plural(len(results), "document"))]
    if cached:
        parts.append("(%d from the cache, %d analysed on %s)" % (cached, analysed, _plural(jobs, "process").replace("processs", "processes")))
    elif analysed:
        parts.append("(analysed on %s)" % _plural(jobs, "process").replace("processs", "processes"))
    line = " ".join(parts) + " in %.1f s: %s, %s, %s" % (
        seconds, _plural(c["error"], "error"), _plural(c["warning"], "warning"), _plural(c["info"] + c["hint"], "note"))
    if with_errors:
        line += " in %s" % _plural(with_errors, "document")
    if stopped:
        line += "; %s stopped by a limit (PYRER012)" % _plural(stopped, "resolve")
    return line
