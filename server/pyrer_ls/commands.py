"""Registration of the `check` and `lsp` subcommands on the `pyrer` command line (pygls imported only for `lsp`)."""

from __future__ import annotations

import argparse

from pyrer_ls.check import add_parser as add_check_parser
from pyrer_ls.impact import add_parser as add_impact_parser


def _lsp(args: argparse.Namespace) -> int:
    from pyrer_ls.server import start  # noqa: PLC0415 (keep pygls out of the other subcommands)

    start()
    return 0


def add_parsers(sub) -> None:
    """Add `pyrer check`, `pyrer impact` and `pyrer lsp` to the subparsers of `pyrer`."""
    add_check_parser(sub)
    add_impact_parser(sub)
    p = sub.add_parser("lsp", help="run the language server on stdio")
    p.add_argument("--stdio", action="store_true", help="accepted for editors that pass it; stdio is the only transport")
    p.set_defaults(func=_lsp)
