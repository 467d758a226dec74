"""Diagnostics feature: findings to LSP Diagnostics, and publishing them for a document."""

from __future__ import annotations

from typing import List, Optional

from lsprotocol import types
from pygls.uris import from_fs_path

from pyrer_ls.analysis.model import Finding, Range

SOURCE = "pyrer"


def to_lsp_range(r: Range) -> types.Range:
    return types.Range(start=types.Position(line=r.start.line, character=r.start.character),
                       end=types.Position(line=r.end.line, character=r.end.character))


def to_lsp_diagnostic(f: Finding) -> types.Diagnostic:
    related = [types.DiagnosticRelatedInformation(
        location=types.Location(uri=from_fs_path(r.path) or r.path, range=to_lsp_range(r.range)), message=r.message)
        for r in f.related if r.path]
    return types.Diagnostic(range=to_lsp_range(f.range), message=f.message, source=SOURCE,
                            severity=types.DiagnosticSeverity(int(f.severity)), code=f.code,
                            related_information=related or None)


def publish(ls, uri: str, version: Optional[int], findings: List[Finding]) -> None:
    """Push the diagnostics of one document to the client."""
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=[to_lsp_diagnostic(f) for f in findings]))


def report(findings: List[Finding], result_id: Optional[str], previous_result_id: Optional[str]):
    """Answer a diagnostic pull: unchanged when the client already holds this result."""
    if result_id is not None and result_id == previous_result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(
        items=[to_lsp_diagnostic(f) for f in findings], result_id=result_id)
