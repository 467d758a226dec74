"""JUnit XML (one test case per document; error findings fail it) for CI test-report views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Sequence

from pyrer_ls.audit.record import DocumentResult

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(f: dict) -> str:
    return "%s:%d:%d: %s[%s]: %s" % (f["path"], f["range"]["start"]["line"] + 1, f["range"]["start"]["character"] + 1,
                                     f["severity"], f["code"], f["message"])


def junit_text(results: Sequence[DocumentResult], seconds: float = 0.0) -> str:
    """A <testsuites> document: a document with errors is a failure, one pyrer could not analyse an error;
    warnings and notes go to its system-out."""
    failures = sum(1 for r in results if not r.error and any(f["severity"] == "error" for f in r.findings))
    errors = sum(1 for r in results if r.error)
    attrs = {"name": "pyrer check", "tests": str(len(results)), "failures": str(failures), "errors": str(errors),
             "time": "%.3f" % seconds}
    suites = ET.Element("testsuites", attrs)
    suite = ET.SubElement(suites, "testsuite", dict(attrs, skipped="0"))
    for r in results:
        case = ET.SubElement(suite, "testcase", {"classname": "pyrer.check.%s" % r.kind, "name": _clean(r.path),
                                                 "file": _clean(r.path), "time": "%.3f" % r.seconds})
        bad = [f for f in r.findings if f["severity"] == "error"]
        if r.error:
            err = ET.SubElement(case, "error", {"type": "PYRER000", "message": "pyrer could not analyse this file"})
            err.text = _clean(r.error)
        elif bad:
            first = bad[0]["message"].split("\n", 1)[0]
            fail = ET.SubElement(case, "failure", {"type": bad[0]["code"], "message": _clean(
                "%d error%s: %s" % (len(bad), "" if len(bad) == 1 else "s", first))})
            fail.text = _clean("\n\n".join(_line(f) for f in bad))
        rest = [f for f in r.findings if f["severity"] != "error"]
        if rest:
            ET.SubElement(case, "system-out").text = _clean("\n\n".join(_line(f) for f in rest))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
