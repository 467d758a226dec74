"""Saved rez contexts (.rxt) written by real rez, for the drift tests (rez is in the test extra)."""

from __future__ import annotations

from typing import List


def save_context(repo: str, requests: List[str], path: str) -> str:
    """Resolve `requests` with rez against `repo` alone and save the context to `path`; returns the file's text."""
    from rez.resolved_context import ResolvedContext  # noqa: PLC0415 (imported only where rez is)

    context = ResolvedContext(requests, package_paths=[repo])
    context.save(path)
    with open(path, encoding="utf-8") as f:
        return f.read()
