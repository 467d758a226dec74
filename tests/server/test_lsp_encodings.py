"""Every position in and out of the server, over stdio, in each position encoding a client may offer, on lines where
accents, an emoji (two UTF-16 units, four UTF-8 bytes) and CJK text stand before the requirements."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from typing import List, Optional

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from pyrer_ls.analysis.analyze import analyze_text
from pyrer_ls.analysis.lens import code_lenses
from pyrer_ls.analysis.symbols import document_symbols
from pyrer_ls.analysis.workspace import Workspace
from pyrer_ls.analysis.lens import SHOW_IMPACT
from tests.lsp_session import initialize, open_document, server_config
from tests.server.repo_builder import BASIC, make_repo

pytestmark = pytest.mark.asyncio(loop_scope="module")

# (what the client offers, initializationOptions positionEncoding, what the server must pick): the client's first
# supported choice, else UTF-16; the option overrides (a client that counts in a unit it does not announce)
OFFERS = [
    (None, None, "utf-16"),  # offers nothing (eglot 1.9, VS Code)
    (["utf-16"], None, "utf-16"),
    (["utf-8", "utf-16", "utf-32"], None, "utf-8"),  # Neovim 0.11+
    (["utf-32", "utf-8", "utf-16"], None, "utf-32"),  # Emacs 29+ eglot
    (["utf-8", "utf-16"], None, "utf-8"),  # kak-lsp
    (["latin-1"], None, "utf-16"),  # nothing the server knows
    (None, "utf-8", "utf-8"),  # Vim's ALE: byte columns, announced by the user's configuration
]

# line 2: accents, emoji and CJK, then the requirements (foo and bar conflict; pyton is unknown)
# line 3: the same in a test's name, then a version that does not exist
PACKAGE = ('name = "mine"\nversion = "1.0"\n'
           'description = "café 🎬 漢字"; requires = ["foo", "pyton-3", "bar"]\n'
           'tests = {"ünit 🎬 漢字": {"command": "x", "requires": ["maya-2030"]}}\n')
CLEAN = 'name = "clean"\nversion = "1.0"\ndescription = "café 🎬 漢字"; requires = ["foo", "maya"]\n'
# foo's own package.py: its version and requirement after non-ASCII text too (related information, definition)
FOO = 'name = "foo"\ndescription = "naïve 🎞 說明"; version = "1.0"; requires = ["python-3.9"]\n'


def units(text: str, encoding: str) -> int:
    """The length of `text` in the code units of `encoding` (independent of the server's conversion)."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def span(line_text: str, line: int, needle: str, encoding: str, after: str = "") -> types.Range:
    """The range of `needle` (the first one after `after`) on a line, in `encoding` units."""
    start = line_text.index(needle, line_text.index(after) + len(after) if after else 0)
    return types.Range(start=types.Position(line=line, character=units(line_text[:start], encoding)),
                       end=types.Position(line=line, character=units(line_text[:start + len(needle)], encoding)))


def from_utf16(line_text: str, column: int, encoding: str) -> int:
    """A UTF-16 column of the analysis core, in `encoding` units (walks the characters: no server code)."""
    seen = 0
    for i, char in enumerate(line_text):
        if seen >= column:
            return units(line_text[:i], encoding)
        seen += units(char, "utf-16")
    return units(line_text, encoding) + column - seen


def converted(text: str, rng, encoding: str) -> types.Range:
    lines = text.split("\n")
    return types.Range(
        start=types.Position(line=rng.start.line, character=from_utf16(lines[rng.start.line], rng.start.character, encoding)),
        end=types.Position(line=rng.end.line, character=from_utf16(lines[rng.end.line], rng.end.character, encoding)))


def line_of(text: str, n: int) -> str:
    return text.split("\n")[n]


class Setup:
    def __init__(self, root: str, encoding: str) -> None:
        self.root, self.encoding = root, encoding
        self.repo = make_repo(os.path.join(root, "repo"), BASIC)
        with open(os.path.join(self.repo, "foo", "1.0", "package.py"), "w", encoding="utf-8") as f:
            f.write(FOO)
        self.src = os.path.join(root, "src")
        for name in ("main", "clean", "edit", "complete"):
            os.makedirs(os.path.join(self.src, name))

    def path(self, name: str) -> str:
        return os.path.join(self.src, name, "package.py")


@pytest_lsp.fixture(scope="module", loop_scope="module", params=OFFERS,
                    ids=[",".join(o or ["none"]) + ("+option-" + f if f else "") for o, f, _ in OFFERS],
                    config=server_config())
async def client(lsp_client: LanguageClient, request):
    offered, forced, expected = request.param
    root = tempfile.mkdtemp(prefix="pyrer-ls-enc-")
    setup = Setup(root, expected)
    caps = client_capabilities("visual-studio-code")
    caps.general = types.GeneralClientCapabilities(position_encodings=offered)
    result = await initialize(lsp_client, setup.src, [setup.repo], caps, **({"positionEncoding": forced} if forced else {}))
    setup.announced = result.capabilities.position_encoding
    lsp_client.setup = setup
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(root, ignore_errors=True)


async def _diagnostics(client: LanguageClient, uri: str, want: List[str], timeout: float = 20) -> list:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    got: list = []
    while loop.time() < end:
        got = list(client.diagnostics.get(uri, []))
        if sorted(d.code for d in got) == sorted(want):
            break
        await asyncio.sleep(0.05)
    return got


def _by_code(diags) -> dict:
    out: dict = {}
    for d in diags:
        out.setdefault(d.code, []).append(d.range)
    return {k: sorted(v, key=lambda r: (r.start.line, r.start.character)) for k, v in out.items()}


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_the_announced_encoding_is_the_clients_first_supported_choice(client: LanguageClient):
    assert str(getattr(client.setup.announced, "value", client.setup.announced)) == client.setup.encoding


async def test_diagnostic_ranges_and_related_information(client: LanguageClient):
    s, enc = client.setup, client.setup.encoding
    uri = await open_document(client, s.path("main"), PACKAGE)
    diags = await _diagnostics(client, uri, ["PYRER004", "PYRER005", "PYRER006", "PYRER006"])
    line2, line3 = line_of(PACKAGE, 2), line_of(PACKAGE, 3)
    assert _by_code(diags) == {
        "PYRER004": [span(line2, 2, "pyton-3", enc)],
        "PYRER005": [span(line3, 3, "maya-2030", enc)],
        "PYRER006": [span(line2, 2, "foo", enc, after="requires"), span(line2, 2, "bar", enc)],
    }
    conflict = next(d for d in diags if d.code == "PYRER006" and d.range.start == span(line2, 2, "foo", enc, "requires").start)
    related = {(os.path.relpath(r.location.uri[len("file://"):], s.root), r.location.range.start.line,
                r.location.range.start.character, r.location.range.end.character) for r in conflict.related_information}
    foo_line = line_of(FOO, 1)
    in_foo = span(foo_line, 1, "python-3.9", enc)
    assert ("repo/foo/1.0/package.py", 1, in_foo.start.character, in_foo.end.character) in related
    own = span(line2, 2, "foo", enc, "requires")
    assert ("src/main/package.py", 2, own.start.character, own.end.character) in related


async def test_hover_after_non_ascii_text(client: LanguageClient):
    s, enc = client.setup, client.setup.encoding
    uri = "file://" + s.path("main")
    line2 = line_of(PACKAGE, 2)
    want = span(line2, 2, "pyton-3", enc)
    for character in (want.start.character, want.start.character + 3, want.end.character - 1):
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=_doc(uri), position=types.Position(line=2, character=character)))
        assert hover is not None and "pyton-3" in hover.contents.value, character
        assert hover.range == want
    bar = span(line2, 2, "bar", enc)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=_doc(uri), position=bar.start))
    assert hover is not None and hover.range == bar


async def test_quick_fix_edit_and_its_diagnostic(client: LanguageClient):
    s, enc = client.setup, client.setup.encoding
    uri = "file://" + s.path("main")
    diags = await _diagnostics(client, uri, ["PYRER004", "PYRER005", "PYRER006", "PYRER006"])
    unknown = next(d for d in diags if d.code == "PYRER004")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=_doc(uri), range=unknown.range, context=types.CodeActionContext(diagnostics=diags)))
    fix = next(a for a in actions if a.title == "Replace 'pyton' with 'python'")
    (edit,) = fix.edit.changes[uri]
    assert edit.range == span(line_of(PACKAGE, 2), 2, "pyton", enc) and edit.new_text == "python"
    assert [d.code for d in fix.diagnostics or []] == ["PYRER004"]  # matched by range, in the client's units


async def test_incremental_edit_in_client_units(client: LanguageClient):
    s, enc = client.setup, client.setup.encoding
    uri = await open_document(client, s.path("edit"), PACKAGE)
    assert sorted(d.code for d in await _diagnostics(client, uri, ["PYRER004", "PYRER005", "PYRER006", "PYRER006"]))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=span(line_of(PACKAGE, 2), 2, "pyton", enc),
                                                                 text="python")]))
    diags = await _diagnostics(client, uri, ["PYRER005", "PYRER006", "PYRER006", "PYRER006"])
    edited = line_of(PACKAGE, 2).replace("pyton", "python")  # python-3 now takes part in the conflict too
    assert _by_code(diags)["PYRER006"] == [span(edited, 2, name, enc, after="requires")
                                           for name in ("foo", "python-3", "bar")]


async def test_completion_text_edits(client: LanguageClient):
    s, enc = client.setup, client.setup.encoding
    text = 'name = "c"\ntests = {"ünit 🎬 漢字": {"command": "x", "requires": ["py", "maya-20"]}}\n'
    uri = await open_document(client, s.path("complete"), text)
    line = line_of(text, 1)
    for typed, label in ((span(line, 1, "py", enc, after="requires"), "python"),
                         (span(line, 1, "20", enc, after="maya-"), "2025.1")):
        found = await client.text_document_completion_async(types.CompletionParams(
            text_document=_doc(uri), position=typed.end))
        item = next(i for i in found.items if i.label == label)
        assert item.text_edit.range == typed and item.text_edit.new_text == label


async def test_views_of_a_clean_document(client: LanguageClient):
    """Inlay hints, code lenses and symbols: the analysis core's own ranges, converted by the test."""
    s, enc = client.setup, client.setup.encoding
    uri = await open_document(client, s.path("clean"), CLEAN)
    assert await _diagnostics(client, uri, []) == []
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=3, character=0))
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=_doc(uri), range=whole))
    line = line_of(CLEAN, 2)
    assert [(h.position, h.label) for h in hints] == [
        (span(line, 2, '"foo"', enc).end, "→ 1.0"), (span(line, 2, '"maya"', enc).end, "→ 2024.0")]

    core = analyze_text(s.path("clean"), CLEAN, Workspace([s.repo]))
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=_doc(uri)))
    lenses = [lens for lens in lenses if lens.command is None or lens.command.command != SHOW_IMPACT]  # the release lens
    assert [lens.range for lens in lenses] == [converted(CLEAN, lens.range, enc) for lens in code_lenses(core)]
    assert any(lens.range.start.line == 2 and lens.range.start.character > 0 for lens in lenses)

    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=_doc(uri)))

    def flat(items, get):
        return [r for item in items for r in [get(item)] + flat(item.children or [], get)]

    want = flat(document_symbols(CLEAN, "package"), lambda sym: (converted(CLEAN, sym.range, enc),
                                                                 converted(CLEAN, sym.selection, enc)))
    assert flat(symbols, lambda sym: (sym.range, sym.selection_range)) == want
    requirement = next(sym for sym in flat(symbols, lambda x: x) if sym.name == "maya")
    assert requirement.selection_range == span(line, 2, "maya", enc)


async def test_definition_and_references(client: LanguageClient):
    s, enc = client.setup, client.setup.encoding
    uri = "file://" + s.path("clean")
    line = line_of(CLEAN, 2)
    foo = span(line, 2, "foo", enc)
    middle = types.Position(line=2, character=foo.start.character + 1)
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=_doc(uri), position=middle))
    assert [(loc.uri, loc.range) for loc in found] == [
        ("file://" + os.path.join(s.repo, "foo", "1.0", "package.py"), span(line_of(FOO, 1), 1, "1.0", enc))]
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=_doc(uri), position=middle, context=types.ReferenceContext(include_declaration=False)))
    mine: Optional[types.Location] = next((r for r in refs if r.uri == uri), None)
    assert mine is not None and mine.range == foo
