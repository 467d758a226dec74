"""The pygls language server: document state, scheduling (debounce, cancel, executor) and the only handler registrations."""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Optional

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from pyrer_ls.analysis.analyze import Analysis, analyze_text, document_kind
from pyrer_ls.analysis.workspace import Cancelled, Settings, Workspace, default_packages_path
from pyrer_ls.features import diagnostics, hover

log = logging.getLogger(__name__)
DEBOUNCE_SECONDS = float(os.environ.get("PYRER_LS_DEBOUNCE", "0.3"))


def looks_like_repository(folder: str) -> bool:
    """A folder holding `<family>/<version>/package.py` or `<family>/package.py`."""
    try:
        for fam in os.scandir(folder):
            if fam.is_dir() and not fam.name.startswith("."):
                if os.path.isfile(os.path.join(fam.path, "package.py")):
                    return True
                for ver in os.scandir(fam.path):
                    if ver.is_dir() and os.path.isfile(os.path.join(ver.path, "package.py")):
                        return True
    except OSError:
        pass
    return False


class PyrerLanguageServer(LanguageServer):
    """Owns the settings, the Workspace (family cache) and, per open document, its generation, task and analysis."""

    def __init__(self) -> None:
        super().__init__("pyrer", "0.1.0")
        self.settings = Settings()
        self.repo_ws: Optional[Workspace] = None
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pyrer-solve")
        self.generation: Dict[str, int] = {}
        self.tasks: Dict[str, asyncio.Task] = {}
        self.analyses: Dict[str, Analysis] = {}
        self.ready: Optional[asyncio.Event] = None  # set once settings and repositories are known

    # --- state --------------------------------------------------------------------------
    def rebuild_workspace(self) -> None:
        paths = list(self.settings.packages_path) or default_packages_path()
        for folder in self.workspace.folders.values():
            root = to_fs_path(folder.uri)
            if root and root not in paths and looks_like_repository(root):
                paths.insert(0, root)
        self.repo_ws = Workspace(paths, self.settings)
        for uri in self.open_uris():
            self.update_overlay(uri)
        log.info("packages path: %s", paths)

    def open_uris(self) -> List[str]:
        return [uri for uri in self.workspace.text_documents if self.kind(uri)]

    def kind(self, uri: str) -> Optional[str]:
        path = to_fs_path(uri)
        return document_kind(path, self.settings.request_file_globs) if path else None

    def update_overlay(self, uri: str, closed: bool = False) -> None:
        path = to_fs_path(uri)
        if self.repo_ws and path and os.path.basename(path) == "package.py":
            text = None if closed else self.workspace.get_text_document(uri).source
            self.repo_ws.set_overlay(path, text)

    # --- scheduling ---------------------------------------------------------------------
    def schedule(self, uri: str, delay: float = DEBOUNCE_SECONDS) -> None:
        """(Re)start the analysis of a document; an earlier pending or running one becomes stale."""
        if not self.kind(uri):
            return
        gen = self.generation[uri] = self.generation.get(uri, 0) + 1
        old = self.tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        self.tasks[uri] = asyncio.get_running_loop().create_task(self._analyze(uri, gen, delay))

    def schedule_all(self, delay: float = DEBOUNCE_SECONDS, skip: Optional[str] = None) -> None:
        for uri in self.open_uris():
            if uri != skip:
                self.schedule(uri, delay)

    def ready_event(self) -> asyncio.Event:
        if self.ready is None:
            self.ready = asyncio.Event()
        return self.ready

    async def _analyze(self, uri: str, gen: int, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        await self.ready_event().wait()
        doc = self.workspace.get_text_document(uri)
        path, text, version = to_fs_path(uri) or uri, doc.source, doc.version
        stale = lambda: self.generation.get(uri) != gen  # noqa: E731
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(
                self.executor, lambda: analyze_text(path, text, self.repo_ws, stale, kind=self.kind(uri)))
        except Cancelled:
            return
        except Exception:  # one broken analysis must not take the server down
            log.exception("analysis of %s failed", uri)
            return
        if stale():
            return
        self.analyses[uri] = result
        diagnostics.publish(self, uri, version, result.findings)

    async def latest(self, uri: str) -> Optional[Analysis]:
        """The analysis of the current text, waiting for a pending one."""
        task = self.tasks.get(uri)
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=30)
            except (asyncio.CancelledError, asyncio.TimeoutError):
                pass
        return self.analyses.get(uri)


server = PyrerLanguageServer()


def _settings_from(value) -> Optional[Settings]:
    return Settings.from_dict(value) if isinstance(value, dict) else None


@server.feature(types.INITIALIZE)
def on_initialize(ls: PyrerLanguageServer, params: types.InitializeParams) -> None:
    ls.settings = _settings_from(params.initialization_options) or Settings()


@server.feature(types.INITIALIZED)
async def on_initialized(ls: PyrerLanguageServer, params: types.InitializedParams) -> None:
    await _pull_configuration(ls)
    ls.rebuild_workspace()
    ls.ready_event().set()
    await _watch_files(ls)


async def _pull_configuration(ls: PyrerLanguageServer) -> None:
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration):
        return
    try:
        values = await asyncio.wait_for(ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="pyrer")])), timeout=5)
    except Exception:  # clients may answer with an error or not at all
        return
    settings = _settings_from(values[0] if values else None)
    if settings is not None and values and values[0]:
        init = ls.settings
        ls.settings = settings
        if not settings.packages_path:
            settings.packages_path = init.packages_path


async def _watch_files(ls: PyrerLanguageServer) -> None:
    caps = ls.client_capabilities.workspace
    if not (caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern="**/package.py")]
    for root in ls.repo_ws.paths if ls.repo_ws else []:
        watchers.append(types.FileSystemWatcher(
            glob_pattern=types.RelativePattern(base_uri=from_fs_path(root), pattern="**/package.py")))
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
            id="pyrer-package-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
    except Exception:
        log.warning("client refused file watching")


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PyrerLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.update_overlay(uri)
    ls.schedule(uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PyrerLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.update_overlay(uri)
    ls.schedule(uri)
    if ls.repo_ws and ls.repo_ws.family_of(to_fs_path(uri) or ""):
        ls.schedule_all(skip=uri)  # the buffer replaces a package every other document may resolve


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PyrerLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    if ls.repo_ws:
        ls.repo_ws.invalidate(to_fs_path(params.text_document.uri))
    ls.schedule_all()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PyrerLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.update_overlay(uri, closed=True)
    ls.generation[uri] = ls.generation.get(uri, 0) + 1
    task = ls.tasks.pop(uri, None)
    if task:
        task.cancel()
    ls.analyses.pop(uri, None)
    diagnostics.publish(ls, uri, None, [])


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: PyrerLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    if ls.repo_ws:
        for change in params.changes:
            ls.repo_ws.invalidate(to_fs_path(change.uri))
    ls.schedule_all()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: PyrerLanguageServer, params: types.DidChangeConfigurationParams) -> None:
    settings = _settings_from(params.settings)
    if settings is not None and params.settings:
        ls.settings = settings
    else:
        await _pull_configuration(ls)
    ls.rebuild_workspace()
    ls.schedule_all(0)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def on_hover(ls: PyrerLanguageServer, params: types.HoverParams) -> Optional[types.Hover]:
    return hover.hover(await ls.latest(params.text_document.uri), params.position)


def start() -> None:
    """Serve over stdio until the client exits."""
    logging.basicConfig(level=os.environ.get("PYRER_LS_LOG", "WARNING"))
    server.start_io()
