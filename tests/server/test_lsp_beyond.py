"""End to end over stdio with pytest-lsp: code actions, failure explanations (related information, hover) and .rxt drift."""

from __future__ import annotations

import os
import tempfile

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp_session import module_client, open_document
from tests.server.repo_builder import BASIC, make_repo

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = tempfile.mkdtemp(prefix="pyrer-ls-beyond-")
REPO = make_repo(os.path.join(ROOT, "repo"), {**BASIC, "baz-1": ["foo"]})
SRC = os.path.join(ROOT, "src")
os.makedirs(SRC, exist_ok=True)


client = module_client(SRC, [REPO])


async def _open(client: LanguageClient, name: str, text: str) -> str:
    return await open_document(client, os.path.join(SRC, name), text)


async def _actions(client, uri, line, start, end, only=None):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end)),
        context=types.CodeActionContext(diagnostics=[d for d in client.diagnostics.get(uri, [])
                                                     if d.range.start.line == line], only=only)))


def _edit(action: types.CodeAction, uri: str):
    return [(e.range.start.line, e.range.start.character, e.range.end.character, e.new_text)
            for e in action.edit.changes[uri]]


async def test_quick_fixes_for_unknown_family_and_range(client: LanguageClient):
    uri = await _open(client, "fix/package.py", 'name = "mine"\nversion = "1.0"\nrequires = ["pyton-3", "maya-2030"]\n')
    assert [d.code for d in client.diagnostics[uri]] == ["PYRER004", "PYRER005"]
    actions = await _actions(client, uri, 2, 0, 40, only=[types.CodeActionKind.QuickFix])
    got = [(a.title, a.kind, a.is_preferred, [d.code for d in a.diagnostics or []], _edit(a, uri)) for a in actions]
    assert got == [
        ("Replace 'pyton' with 'python'", types.CodeActionKind.QuickFix, True, ["PYRER004"], [(2, 13, 18, "python")]),
        ("Change to maya-2025 (resolves to maya-2025.1)", types.CodeActionKind.QuickFix, True, ["PYRER005"],
         [(2, 24, 33, "maya-2025")]),
        ("Change to maya-2024 (resolves to maya-2024.0)", types.CodeActionKind.QuickFix, None, ["PYRER005"],
         [(2, 24, 33, "maya-2024")]),
    ]


async def test_upper_bound_and_sort(client: LanguageClient):
    uri = await _open(client, "bound/package.py", 'name = "mine"\nversion = "1.0"\nrequires = ["python-3+", "foo"]\n')
    actions = await _actions(client, uri, 2, 15, 15)
    assert [(a.title, a.kind, _edit(a, uri)) for a in actions] == [
        ("Add an upper bound: python-3+<4", types.CodeActionKind.RefactorRewrite, [(2, 13, 22, "python-3+<4")]),
        ("Sort requires", "source.sortRequirements", [(2, 12, 23, '"foo"'), (2, 25, 30, '"python-3+"')]),
    ]
    only_source = await _actions(client, uri, 0, 0, 0, only=[types.CodeActionKind.Source])
    assert [a.title for a in only_source] == ["Sort requires"]


async def test_conflict_chain_in_related_information_and_hover(client: LanguageClient):
    uri = await _open(client, "why.rez-requests", "baz bar\n")
    diag = next(d for d in client.diagnostics[uri] if d.range.start.character == 0)
    assert diag.code == "PYRER006"
    assert 'python-3.9 is pulled in by: "baz" (request line 1) → baz-1 requires foo → foo-1.0 requires python-3.9' \
        in diag.message
    related = [(r.location.uri[len("file://"):], r.location.range.start.line, r.message) for r in diag.related_information]
    assert related == [
        (os.path.join(SRC, "why.rez-requests"), 0, '"baz" (request line 1) (pulls in python-3.9)'),
        (os.path.join(REPO, "baz", "1", "package.py"), 2, "baz-1 requires foo"),
        (os.path.join(REPO, "foo", "1.0", "package.py"), 2, "foo-1.0 requires python-3.9"),
        (os.path.join(SRC, "why.rez-requests"), 0, '"bar" (request line 1) (pulls in python==3.11.0)'),
        (os.path.join(REPO, "bar", "2.0", "package.py"), 2, "bar-2.0 requires python-3.11"),
    ]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=5)))
    assert '  - python==3.11.0 is pulled in by: "bar" (request line 1) → bar-2.0 requires python-3.11' in hover.contents.value


async def test_saved_context_drift(client: LanguageClient):
    pytest.importorskip("rez")
    from tests.server.rez_context import save_context

    repo = make_repo(os.path.join(ROOT, "rxt-repo"), BASIC)
    path = os.path.join(SRC, "shot.rxt")
    text = save_context(repo, ["maya"], path)
    make_repo(repo, {"maya-2026.0": ["python-3.9"]})  # released after the context was saved
    uri = await _open(client, "shot.rxt", text)
    lines = text.splitlines()
    got = [(d.code, lines[d.range.start.line].strip(), d.message) for d in client.diagnostics[uri]]
    assert got == [
        ("PYRER013", '"version": "3.11.0"', "saved python-3.11.0, now resolves to python-3.9.0"),
        ("PYRER013", '"version": "2025.1"', "saved maya-2025.1, now resolves to maya-2026.0"),
    ]
    maya = client.diagnostics[uri][1].range.start
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=maya))
    assert hover.contents.value == "**maya-2025.1** (saved)\n\nnow **maya-2026.0**"
