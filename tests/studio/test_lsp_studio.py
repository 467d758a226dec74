"""The language server at its default settings in a generated studio: its resolves are rez's (over stdio)."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.lsp_session import open_document
from tests.studio.harness import ROOT, ask
from tests.studio.studio_gen import generate

STUDIO = tempfile.mkdtemp(prefix="pyrer-lsp-studio-")
atexit.register(shutil.rmtree, STUDIO, True)
SETUP = generate(STUDIO, 4242, ["implicit_packages", "package_filter", "local_first"])
pytestmark = pytest.mark.asyncio(loop_scope="module")
ENV = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
ENV.update({"REZ_CONFIG_FILE": SETUP.config_path, "REZ_DISABLE_HOME_CONFIG": "1", "PYRER_LS_DEBOUNCE": "0.05",
            "PYTHONPATH": os.pathsep.join([ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p])})


@pytest_lsp.fixture(loop_scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "pyrer_ls"], server_env=ENV))
async def client(lsp_client: LanguageClient):
    lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    src = os.path.join(STUDIO, "src")
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri="file://" + src,
        workspace_folders=[types.WorkspaceFolder(uri="file://" + src, name="src")], initialization_options={}))
    yield
    await lsp_client.shutdown_session()


def _summary(markdown: str) -> dict:
    """The hover summary on `name`: {context label: ["name-version[i]", ...] or "failed"/"error"}."""
    out = {}
    for block in markdown.split("\n\n"):
        m = re.match(r"\*\*(.+?)\*\* \((\w+)", block)
        if not m or m.group(1) == "Configuration":
            continue
        label, status = m.group(1), m.group(2)
        if status == "solved":
            out[label] = [line[2:] if line[2:].endswith("]") else line[2:] + "[]"
                          for line in block.splitlines()[1:] if line.startswith("- ")]
        else:
            out[label] = status
    return out


@pytest.mark.parametrize("folder", SETUP.developer, ids=os.path.basename)
async def test_editor_resolves_are_rez_resolves(client: LanguageClient, folder):
    rez = ask(SETUP)["rez"]["developer"][folder]
    path = os.path.join(folder, "package.py")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    uri = await open_document(client, path, text)
    line = next(i for i, t in enumerate(text.splitlines()) if t.startswith("name"))
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=1)))
    assert hover is not None
    value = hover.contents.value
    assert "**Configuration**" in value and SETUP.config_path in value
    ours = _summary(value)
    for label, answer in rez.items():
        if answer["status"] == "solved":
            assert ours.get(label) == [re.sub(r"^(\w+)-\[", r"\1[", v) for v in answer["resolved"]], label
        else:
            assert ours.get(label) in ("failed", "error"), label
