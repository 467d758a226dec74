"""Diagnostics feature: findings to LSP Diagnostics (in the client's position encoding), and publishing them."""

from __future__ import annotations

from typing import List, Optional

from lsprotocol import types
from pygls.uris import from_fs_path

from pyrer_ls.analysis.model import Finding
from pyrer_ls.positions import DocumentColumns, Edge

SOURCE = "pyrer"


def to_lsp_diagnostic(f: Finding, columns: DocumentColumns, edge: Edge) -> types.Diagnostic:
    """One finding of the document `columns` converts; related places in other files are converted with their own text."""
    related = []
    for r in f.related:
        if r.path:
            uri = from_fs_path(r.path) or r.path
            related.append(types.DiagnosticRelatedInformation(location=types.Location(
                uri=uri, range=edge.document(uri).to_client_range(r.range)), message=r.message))
    return types.Diagnostic(range=columns.to_client_range(f.range), message=f.message, source=SOURCE,
                            severity=types.DiagnosticSeverity(int(f.severity)), code=f.code,
                            related_information=related or None)


def to_lsp_diagnostics(edge: Edge, uri: str, text: Optional[str], findings: List[Finding]) -> List[types.Diagnostic]:
    """The findings of the document `uri`, whose analysed text is `text`."""
    columns = edge.document(uri, text)
    return [to_lsp_diagnostic(f, columns, edge) for f in findings]


def publish(ls, uri: str, version: Optional[int], findings: List[Finding], text: Optional[str] = None) -> None:
    """Push the diagnostics of one document (analysed as `text`) to the client."""
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=to_lsp_diagnostics(ls.edge(), uri, text, findings)))


def report(edge: Edge, uri: str, findings: List[Finding], result_id: Optional[str], previous_result_id: Optional[str]):
    """Answer a diagnostic pull: unchanged when the client already holds this result."""
    if result_id is not None and result_id == previous_result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(
        items=to_lsp_diagnostics(edge, uri, None, findings), result_id=result_id)
