"""Checks of one requirement on its own: syntax, family known (with "did you mean"), a version in range."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

import pyrer

from pyrer_ls.analysis.model import Codes, Finding, RequirementRef, Severity
from pyrer_ls.analysis.workspace import Workspace


@dataclass
class RequirementCheck:
    """The outcome for one requirement string: its parse, and the versions of its range when known."""

    ref: RequirementRef
    requirement: Optional[pyrer.Requirement] = None
    in_range: List[str] = field(default_factory=list)  # available versions in range, highest first
    close: List[str] = field(default_factory=list)  # known families close to an unknown one ("did you mean")
    findings: List[Finding] = field(default_factory=list)
    needs_rez: bool = False  # a wildcard only rez's developer package loading expands: left out of solves

    @property
    def ok(self) -> bool:
        return not self.needs_rez and not any(f.severity == Severity.ERROR for f in self.findings)


# package.py fields whose strings rez's developer loading passes through `expand_requirement`
# (rez/package_maker.py: package_request_schema, tests' "requires" and "on_variants" too); the static
# reader's solver view refuses them the same way
_EXPANDED = ("requires", "build_requires", "private_build_requires", "variants")


def _where(ref: RequirementRef) -> str:
    if ref.field == "line":
        return "request line %d" % (ref.group + 1)
    where = "variant %d" % ref.group if ref.field == "variants" else ref.field
    if ref.evaluated == "name":
        return "%s, as rez evaluates it: %r" % (where, ref.text)
    if ref.evaluated in ("expanded", "template", "part"):
        return "%s, %r as rez evaluates it" % (where, ref.text)
    return where


def nearest_versions(rng: pyrer.VersionRange, versions: List[pyrer.Version]) -> List[str]:
    """Up to two available versions just below and two just above a range that none of them satisfies."""
    below, above = [], []
    for v in versions:
        try:
            if rng.issubset(pyrer.VersionRange(">%s" % v)):
                below.append(v)
            elif rng.issubset(pyrer.VersionRange("<%s" % v)):
                above.append(v)
        except pyrer.VersionError:
            continue
    return [str(v) for v in below[-2:] + above[:2]]


def check_requirement(ref: RequirementRef, ws: Optional[Workspace], why_not: Optional[str] = None) -> RequirementCheck:
    """Parse a requirement and, with a workspace, check its family and range against the repositories. `why_not`:
    why a wildcard is not expanded here (a clause)."""
    out = RequirementCheck(ref)
    if "*" in ref.text and (ref.field in _EXPANDED or ref.field.startswith("tests.")):
        out.needs_rez = True
        out.findings.append(Finding(ref.range, Severity.INFORMATION, Codes.NOT_STATIC,
                                    "%r is a wildcard requirement (in %s): rez's developer package loading (rez build, "
                                    "rez release) expands it against the packages path; %s, so it is not checked or "
                                    "resolved here" % (ref.text, _where(ref), why_not or "pyrer does not evaluate it")))
        return out
    try:
        req = pyrer.Requirement(ref.text)
    except pyrer.VersionError as e:
        out.findings.append(Finding(ref.range, Severity.ERROR, Codes.INVALID_REQUIREMENT,
                                    "%s (in %s)" % (e, _where(ref))))
        return out
    out.requirement = req
    if ws is None or not ws.paths or req.conflict or req.weak or req.name.startswith("."):
        return out  # conflicts, weak and ephemeral requests need no package to exist
    if not ws.exists(req.name):
        close = out.close = ws.close_family_names(req.name)
        hint = "; did you mean %s?" % " or ".join(repr(c) for c in close) if close else ""
        out.findings.append(Finding(ref.range, Severity.ERROR, Codes.UNKNOWN_FAMILY,
                                    "unknown package family %r (in %s)%s" % (req.name, _where(ref), hint)))
        return out
    versions = ws.versions(req.name)
    rng = req.range
    out.in_range = ws.versions_in_range(req.name, rng)
    if not out.in_range:
        near = nearest_versions(rng, versions)
        hidden = [(v, rule) for v, rule in ws.excluded(req.name).items()
                  if rng is None or rng.contains_version(pyrer.Version(v))]
        why = "; hidden by the package filter: %s" % ", ".join(
            "%s-%s (%s)" % (req.name, v, rule) for v, rule in hidden[:3]) if hidden else ""
        out.findings.append(Finding(ref.range, Severity.ERROR, Codes.NO_VERSION_IN_RANGE,
                                    "no version of %s in range %s (in %s); nearest available: %s%s"
                                    % (req.name, rng, _where(ref), ", ".join(near) or "none", why)))
    return out
