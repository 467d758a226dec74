"""The `pyrer/status` notification: a document's check started or finished, with its solve time (for status bars);
sent only to clients that opt in (initializationOptions `statusNotifications`: other clients warn about unknown methods)."""

from __future__ import annotations

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.model import Severity

METHOD = "pyrer/status"


def checking(ls, uri: str) -> None:
    """A check of `uri` has started."""
    if ls.status_notifications:
        ls.protocol.notify(METHOD, {"uri": uri, "state": "checking"})


def done(ls, uri: str, analysis: Analysis, analysis_ms: float) -> None:
    """A check of `uri` finished and its diagnostics are known: solve time summed over its resolve contexts."""
    if not ls.status_notifications:
        return
    ls.protocol.notify(METHOD, {
        "uri": uri,
        "state": "done",
        "solveMs": round(sum(o.time_ms for o in analysis.outcomes), 3),
        "analysisMs": round(analysis_ms, 3),
        "contexts": len(analysis.outcomes),
        "errors": sum(1 for f in analysis.findings if f.severity == Severity.ERROR),
    })
