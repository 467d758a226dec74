"""End to end over stdio, once per client profile (VS Code, Neovim 0.11): completion, definition, references,
document symbols, inlay hints, code lenses, the pyrer.showResolve command they run, and their refresh."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from pyrer_ls.analysis.completion import MAX_CHECKED_VERSIONS
from tests.lsp_session import initialize, server_config
from tests.server.repo_builder import BASIC, make_repo

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROFILES = ["visual-studio-code", "neovim@v0.11.0"]
PACKAGE = 'name = "mine"\nversion = "1.0"\nrequires = ["foo", "python-"]\nbuild_requires = ["maya"]\n'
GOOD = PACKAGE.replace("python-", "python-3")


class Folders:
    """The temporary repository and source folder of one session."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.repo = make_repo(os.path.join(root, "repo"), dict(BASIC, **{"lib-1.%d" % i: [] for i in range(22)}))
        self.src = os.path.join(root, "src")
        os.makedirs(os.path.join(self.src, "mine"))
        with open(os.path.join(self.src, "shots.rez-requests"), "w", encoding="utf-8") as f:
            f.write("maya-2024 python\n")


@pytest_lsp.fixture(
    scope="module",
    params=PROFILES,
    config=server_config(PYRER_LS_COMPLETION_BUDGET="60",  # completion checks never cut short
                         PYRER_LS_RELEASE_DELAY="0.2"),
)
async def client(lsp_client: LanguageClient, request):
    folders = Folders(tempfile.mkdtemp(prefix="pyrer-ls-features-"))

    lsp_client.refreshes = []  # appended to by the refresh handlers in conftest.py

    result = await initialize(lsp_client, folders.src, [folders.repo], client_capabilities(request.param))
    lsp_client.init_result, lsp_client.folders = result, folders
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(folders.root, ignore_errors=True)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def open_package(client: LanguageClient, text: str, name: str) -> str:
    """Open src/<name>/package.py (versions past 1 are edits of an already open one)."""
    path = os.path.join(client.folders.src, name, "package.py")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    uri = "file://" + path
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    return uri


async def test_capabilities_advertised(client: LanguageClient):
    caps = client.init_result.capabilities
    assert '"' in caps.completion_provider.trigger_characters and "-" in caps.completion_provider.trigger_characters
    assert caps.definition_provider and caps.references_provider and caps.document_symbol_provider
    assert caps.inlay_hint_provider and caps.code_lens_provider is not None
    assert "pyrer.showResolve" in caps.execute_command_provider.commands


async def test_completion_of_versions_and_families(client: LanguageClient):
    uri = await open_package(client, PACKAGE, "typing")
    found = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=types.Position(line=2, character=27)))
    versions = [(i.label, i.detail, i.sort_text) for i in found.items]
    assert versions == [("3.11.0", "✗ runtime, build resolve failed", "00000"), ("3.9.0", "✓ resolves", "00001")]
    assert found.items[1].text_edit.range.start == types.Position(line=2, character=27)

    found = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=types.Position(line=2, character=15)))  # "fo|o"
    assert [i.label for i in found.items] == ["foo"]

    found = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=types.Position(line=4, character=0)))  # an empty line: field names
    labels = [i.label for i in found.items]
    assert "variants" in labels and "requires" not in labels


async def test_unmarked_version_checked_on_resolve(client: LanguageClient):
    uri = await open_package(client, 'name = "mine"\nrequires = ["lib-"]\n', "many")
    found = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc(uri), position=types.Position(line=1, character=17)))
    assert [i.detail for i in found.items[:MAX_CHECKED_VERSIONS]] == ["✓ resolves"] * MAX_CHECKED_VERSIONS
    oldest = found.items[-1]
    assert (oldest.label, oldest.detail) == ("1.0", "lib (not checked)")
    resolved = await client.completion_item_resolve_async(oldest)
    assert (resolved.label, resolved.detail) == ("1.0", "✓ resolves")


async def test_definition_and_references(client: LanguageClient):
    uri = await open_package(client, GOOD, "nav")
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc(uri), position=types.Position(line=2, character=14)))
    assert [(loc.uri, loc.range.start.line) for loc in found] == [
        ("file://" + os.path.join(client.folders.repo, "foo", "1.0", "package.py"), 1)]

    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(uri), position=types.Position(line=3, character=20),
        context=types.ReferenceContext(include_declaration=True)))
    where = sorted((os.path.relpath(loc.uri[len("file://"):], client.folders.src), loc.range.start.line) for loc in refs)
    assert ("nav/package.py", 3) in where and ("shots.rez-requests", 0) in where


async def test_document_symbols(client: LanguageClient):
    uri = await open_package(client, GOOD, "outline")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert [s.name for s in symbols] == ["name", "version", "requires", "build_requires"]
    assert [c.name for c in symbols[2].children] == ["foo", "python-3"]


async def test_inlay_hints_follow_edits(client: LanguageClient):
    uri = await open_package(client, GOOD, "hints")
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=10, character=0))
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc(uri), range=whole))
    assert [(h.position.line, h.position.character, h.label) for h in hints] == [
        (2, 17, "→ 1.0"), (2, 29, "→ 3.9.0"), (3, 24, "→ 2024.0")]
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=GOOD.replace('"foo", ', ""))]))
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc(uri), range=whole))
    assert [h.label for h in hints] == ["→ 3.11.0", "→ 2025.1"]


async def test_code_lens_runs_show_resolve(client: LanguageClient):
    uri = await open_package(client, GOOD, "lens")
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc(uri)))
    lenses = [lens for lens in lenses if lens.command.command != "pyrer.showImpact"]  # test_release_impact_lens
    assert [(lens.range.start.line, lens.command.title.split(" in ")[0]) for lens in lenses] == [
        (2, "resolves: 2 packages"), (3, "resolves: 3 packages")]
    command = lenses[1].command
    assert (command.command, list(command.arguments)) == ("pyrer.showResolve", [uri, ["build"]])
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))
    assert result["text"].splitlines()[1:] == ["  python-3.9.0", "  foo-1.0", "  maya-2024.0"]
    for _ in range(50):
        if client.messages:
            break
        await asyncio.sleep(0.1)
    assert client.messages[-1].message.startswith("build: python-3.9.0 foo-1.0 maya-2024.0")


async def test_dependency_edit_refreshes_hints_and_lenses(client: LanguageClient):
    uri = await open_package(client, GOOD, "refresh")
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=10, character=0))
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc(uri), range=whole))
    assert hints[1].label == "→ 3.9.0"
    client.refreshes.clear()
    dep_uri = "file://" + os.path.join(client.folders.repo, "foo", "1.0", "package.py")
    dep = 'name = "foo"\nversion = "1.0"\nrequires = ["python-%s"]\n'
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=dep_uri, language_id="python", version=1, text=dep % "3.9")))
    client.text_document_did_change(types.DidChangeTextDocumentParams(  # an unsaved edit of the dependency
        text_document=types.VersionedTextDocumentIdentifier(uri=dep_uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=dep % "3.11")]))
    for _ in range(100):
        if client.refreshes:
            break
        await asyncio.sleep(0.1)
    assert client.refreshes
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc(uri), range=whole))
    assert hints[1].label == "→ 3.11.0"
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(dep_uri)))


async def test_release_impact_lens(client: LanguageClient):
    """Over `version`: what releasing this package.py would change, computed in the background."""
    user = os.path.join(client.folders.src, "user", "package.py")  # on disk: foo-1.0 and python-3.9 today
    os.makedirs(os.path.dirname(user), exist_ok=True)
    with open(user, "w", encoding="utf-8") as f:
        f.write('name = "user"\nversion = "1.0"\nrequires = ["foo", "python-3"]\n')
    uri = await open_package(client, 'name = "foo"\nversion = "2.0"\nrequires = ["python-3.11"]\n', "foo")
    titles = []
    for _ in range(300):
        lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc(uri)))
        titles = [lens.command.title for lens in lenses if lens.command.command == "pyrer.showImpact"]
        if titles and "checking" not in titles[0]:
            break
        await asyncio.sleep(0.2)
    assert len(titles) == 1 and titles[0].startswith("releasing 2.0: "), titles
    assert "0 break" in titles[0] and " change" in titles[0] and not titles[0].startswith("releasing 2.0: 0 ")
    lens = next(lens for lens in lenses if lens.command.command == "pyrer.showImpact")
    assert lens.range.start.line == 1  # the version field
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="pyrer.showImpact", arguments=[uri]))
    assert "user/package.py (runtime)" in result["text"] and "foo-1.0 → foo-2.0" in result["text"], result["text"]
