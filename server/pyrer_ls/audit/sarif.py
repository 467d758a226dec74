"""SARIF 2.1.0 (OASIS) for code-scanning dashboards: one run, one rule per pyrer code, related places included."""

from __future__ import annotations

import json
import os
import pathlib
from typing import Dict, List, Optional, Sequence
from urllib.parse import quote

import pyrer

from pyrer_ls.audit.formats import DESCRIPTIONS, all_findings
from pyrer_ls.audit.record import DocumentResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
SRCROOT = "%SRCROOT%"


def artifact_location(path: str, root: str) -> dict:
    """A path under `root` as a relative URI against %SRCROOT% (what code scanning maps to the repository),
    any other as an absolute file URI."""
    full = os.path.abspath(path)
    rel = os.path.relpath(full, root)
    if rel != ".." and not rel.startswith(".." + os.sep):
        return {"uri": quote(rel.replace(os.sep, "/")), "uriBaseId": SRCROOT}
    return {"uri": pathlib.Path(full).as_uri()}


def _region(rng: dict) -> dict:
    """SARIF regions are 1-based; columns count UTF-16 code units (SARIF's default columnKind), as LSP's do."""
    start, end = rng["start"], rng["end"]
    return {"startLine": start["line"] + 1, "startColumn": start["character"] + 1,
            "endLine": end["line"] + 1, "endColumn": end["character"] + 1}


def sarif_log(results: Sequence[DocumentResult], root: Optional[str] = None,
              configuration: Sequence[str] = ()) -> dict:
    """The SARIF log of a check."""
    root = os.path.abspath(root or os.getcwd())
    findings = all_findings(results)
    codes = sorted({f["code"] for f in findings} | set(DESCRIPTIONS))
    index: Dict[str, int] = {code: i for i, code in enumerate(codes)}
    rules = [{"id": code, "name": code, "shortDescription": {"text": DESCRIPTIONS.get(code, code)},
              "help": {"text": "docs/lsp.md in pyrer lists each code with an example"}} for code in codes]
    out: List[dict] = []
    for f in findings:
        first, _, rest = f["message"].partition("\n")
        result = {
            "ruleId": f["code"], "ruleIndex": index[f["code"]], "level": LEVELS[f["severity"]],
            "message": {"text": f["message"]},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(f["path"], root),
                                                "region": _region(f["range"])}}],
            "partialFingerprints": {"pyrerFinding/v1": "%s:%s:%s" % (f["code"], f["path"], first)},
        }
        related = f.get("related") or []
        if related:
            result["relatedLocations"] = [
                {"id": i, "message": {"text": r["message"]},
                 "physicalLocation": {"artifactLocation": artifact_location(r["path"], root), "region": _region(r["range"])}}
                for i, r in enumerate(related)]
        out.append(result)
    run = {
        "tool": {"driver": {"name": "pyrer", "version": str(getattr(pyrer, "__version__", "0")), "rules": rules}},
        "originalUriBaseIds": {SRCROOT: {"uri": pathlib.Path(root).as_uri() + "/"}},
        "invocations": [{"executionSuccessful": not any(r.error for r in results),
                         "toolConfigurationNotifications": [{"message": {"text": line}} for line in configuration]}],
        "results": out,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def sarif_text(results: Sequence[DocumentResult], root: Optional[str] = None, configuration: Sequence[str] = ()) -> str:
    return json.dumps(sarif_log(results, root, configuration), indent=2, ensure_ascii=False)
