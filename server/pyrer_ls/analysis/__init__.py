"""Pure analysis: package.py and request-list text plus repositories in, findings (plain dataclasses) out."""

from pyrer_ls.analysis.model import Codes, Finding, Position, Range, Severity  # noqa: F401
from pyrer_ls.analysis.analyze import Analysis, analyze_text  # noqa: F401
from pyrer_ls.analysis.workspace import Settings, Workspace  # noqa: F401
