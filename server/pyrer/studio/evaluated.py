"""Repository packages the static reader cannot read, loaded by rez itself in the evaluation worker where allowed.

Which files may be evaluated is the `Consent`'s decision; a file that may not keeps its "set by code" error, with
why it was not evaluated and how to allow it. `evaluator_for` gives the evaluator a configuration's studio shares.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from pyrer.studio.config import StudioConfig
from pyrer.studio.consent import Consent
from pyrer.studio.definitions import PackageRecord

LATE = ("requires", "variants")  # rez evaluates @late fields in the resolve: pyrer cannot go through them
EVERYTHING = Consent(repositories=True, workspace=True)
NOT_RUN = "pyrer does not run it here"


def needs_evaluation(record: PackageRecord) -> bool:
    """A package.py the static reader could not fully read because code computes its fields (not a syntax error):
    its requirements, or only its build requirements (which build resolves need)."""
    py = record.location.format == "py" and not record.location.combined
    return py and (bool(record.computed) or record.error is None and record.build_requires is None)


def _record_of(record: PackageRecord, result: Any) -> PackageRecord:
    if not result.ok:
        return replace(record, error="%s: rez cannot load it: %s" % (record.location.definition, result.message),
                       computed=())
    late = [f for f in result.late if f in LATE]
    if late:
        return replace(record, computed=tuple(late), error=(
            "%s: its %s %s an @late function, which rez evaluates during the resolve; pyrer does not model that"
            % (record.qualified_name, " and ".join(late), "is" if len(late) == 1 else "are")))
    build = None if result.build_requires is None else tuple(result.build_requires)
    why = ("it is an @late function, which rez evaluates during the resolve; pyrer does not model that"
           if build is None else None)
    return PackageRecord(record.location, tuple(result.requires or ()), tuple(tuple(v) for v in result.variants),
                         build, result.timestamp, None, (), why)


def _not_evaluated(record: PackageRecord, why: str) -> PackageRecord:
    """A record left as the static reader has it, saying why it was not evaluated."""
    error = "%s; %s" % (record.error, why) if record.error and record.computed else record.error
    return replace(record, error=error, not_evaluated=why)


def evaluate_records(records: Sequence[PackageRecord], evaluator: Any, consent: Optional[Consent] = None,
                     unsaved: Callable[[str], Optional[str]] = lambda path: None) -> List[PackageRecord]:
    """The records, with every computed one the consent allows replaced by what rez loads for it (its fields, or the
    error rez gives, as the package's load error); an unsaved buffer (`unsaved(path)`) is loaded in place of its
    file. Without an evaluator nothing is evaluated. Code runs only in the evaluator's worker."""
    if consent is None:
        consent = EVERYTHING if evaluator is not None else None
    out = list(records)
    wanted: Dict[str, List[Tuple[int, PackageRecord, Optional[str]]]] = {}
    for i, record in enumerate(records):
        if not needs_evaluation(record):
            continue
        path = record.location.definition or ""
        text = unsaved(path)
        if evaluator is not None and consent is not None and consent.allows_file(path, text is not None):
            wanted.setdefault(record.location.root, []).append((i, record, text))
        else:
            out[i] = _not_evaluated(record, consent.why_not(path, text is not None) if consent else NOT_RUN)
    for root, group in wanted.items():
        paths = [r.location.definition for _, r, _ in group]
        texts = {r.location.definition: t for _, r, t in group if t is not None}
        results = evaluator.repository_packages(paths, repository=root, texts=texts or None)
        for i, record, _ in group:
            out[i] = _record_of(record, results[record.location.definition])
    return out


# --- the evaluator a configuration's studios share -------------------------------------------------

_REZ: Dict[str, bool] = {}
_SHARED: "OrderedDict[Tuple[Tuple[str, str], ...], Any]" = OrderedDict()  # by environment and time limit
_LOCK = threading.Lock()
KEPT = 2  # evaluators (each with its worker) kept for different configurations


def rez_installed() -> bool:
    """rez is importable by this Python (looked up without importing it, once)."""
    if "rez" not in _REZ:
        try:
            _REZ["rez"] = importlib.util.find_spec("rez") is not None
        except (ImportError, ValueError):
            _REZ["rez"] = False
    return _REZ["rez"]


def evaluation_env(config: StudioConfig, environ: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """The workers' environment: this one, with rez's packages path set to the studio's (wildcards expand against
    the packages pyrer resolves with) and, when pyrer reads rez's defaults only, no rez configuration file."""
    env = dict(os.environ if environ is None else environ)
    env["REZ_PACKAGES_PATH"] = os.pathsep.join(config.packages_path)
    if config.rez_version is None:
        env.pop("REZ_CONFIG_FILE", None)
        env["REZ_DISABLE_HOME_CONFIG"] = "1"
    return env


def evaluator_for(config: StudioConfig, environ: Optional[Mapping[str, str]] = None,
                  time_limit: float = 5.0) -> Optional[Any]:
    """The evaluator (`pyrer.evaluation.Evaluator`) for studios of this configuration, shared by every caller of
    this process; None when rez is not installed. Its worker starts on the first evaluation only. `time_limit`:
    seconds per package.py."""
    if not rez_installed():
        return None
    env = evaluation_env(config, environ)
    key = tuple(sorted(env.items())) + (("<time limit>", str(time_limit)),)
    with _LOCK:
        found = _SHARED.get(key)
        if found is not None:
            _SHARED.move_to_end(key)
            return found
        from pyrer.evaluation import Evaluator  # noqa: PLC0415 (its modules are loaded only when used)

        evaluator = _SHARED[key] = Evaluator(env=env, time_limit=time_limit)
        while len(_SHARED) > KEPT:
            _, old = _SHARED.popitem(last=False)
            old.close()
        return evaluator
