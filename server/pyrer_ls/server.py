"""The pygls language server: document state, analyses (scheduled by `scheduling.py`), executors and the only handler
registrations."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Dict, List, NamedTuple, Optional, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

import pyrer

from pyrer_ls.analysis.analyze import Analysis, analyze_text, document_kind
from pyrer_ls.analysis.workspace import Settings, Workspace, rez_configuration
from pyrer_ls import client, idle_gc, positions
from pyrer_ls.features import diagnostics, evaluation, hover, progress
from pyrer_ls.protocol import PyrerProtocol
from pyrer_ls.scheduling import Scheduler, edit_delay
from pyrer_ls.features import code_actions
from pyrer_ls.features import commands, status
from pyrer_ls.features import completion, inlay, lens, navigation, symbols, watching
from pyrer_ls.features.release import ReleaseImpacts
from pyrer_ls.watcher import watch_package_files

log = logging.getLogger(__name__)
T = TypeVar("T")


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


class Analysed(NamedTuple):
    """An analysis with the text and version it analysed."""

    analysis: Analysis
    text: str
    version: Optional[int]


class PyrerLanguageServer(LanguageServer):
    """Owns the settings, the Workspace (family cache), the scheduler and, per open document, its latest analysis."""

    def __init__(self) -> None:
        super().__init__("pyrer", "0.1.0", protocol_cls=PyrerProtocol)
        self.settings = Settings()
        self.repo_ws: Optional[Workspace] = None
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pyrer-solve")  # document analyses
        # completion, code actions, navigation: never queued behind an analysis (and an analysis never behind them)
        self.feature_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pyrer-feature")
        self.scheduler = Scheduler(self._analyze, self._analyzed, lambda: self.ready_event().wait())
        self.analyses: Dict[str, Analysis] = {}  # uri -> the analysis of its newest analysed text
        self.started: Dict[str, float] = {}  # uri -> when its running analysis started (perf_counter)
        self.ready: Optional[asyncio.Event] = None  # set once the settings are known and the Workspace is built
        self.pull_diagnostics = False  # the client pulls (textDocument/diagnostic) instead of receiving pushes
        self.result_ids: Dict[str, str] = {}  # uri -> generation of its stored analysis (pull result id)
        self.pulling: Dict[str, int] = {}  # uri -> pulls waiting for its analysis
        self.refresh_pending = False  # a workspace/diagnostic/refresh is about to be sent
        self.idle_gc = idle_gc.IdleCollector(self.scheduler.any_busy)
        self.watch_task: Optional[asyncio.Task] = None  # the server's own watcher, for paths the client does not watch
        self.own_watched: List[str] = []  # the packages paths that watcher covers
        self.watch_registration = watching.Registration()  # the client's file-watching registration, if accepted
        self.status_notifications = False  # the client opted in to `pyrer/status` (initializationOptions)
        self.shut_down = False  # a `shutdown` request arrived: `exit` then ends with status 0, else 1
        self.followers = evaluation.Followers()  # documents rez is evaluating (checked again when it answers)
        self.releases = ReleaseImpacts()  # the release-impact code lens of each package.py

    # --- state --------------------------------------------------------------------------
    def rebuild_workspace(self) -> None:
        """A new Workspace: rez's configuration with the pyrer settings applied, and the workspace folders that
        are package repositories put first on the packages path."""
        config = self.settings.studio_config()
        paths = list(config.packages_path)
        for root in self.workspace_roots():
            if root not in paths and looks_like_repository(root):
                paths.insert(0, root)
        self.repo_ws = Workspace(paths, self.settings, config=config, workspace_roots=self.workspace_roots())
        for uri in self.open_uris():
            self.update_overlay(uri)
        log.info("packages path: %s", paths)

    def workspace_roots(self) -> List[str]:
        """The workspace folders on disk, or the client's rootUri/rootPath when it sent no folders."""
        ws = self.workspace
        return client.workspace_roots([f.uri for f in ws.folders.values()], ws.root_uri, ws.root_path)

    def position_encoding(self) -> str:
        """The position encoding negotiated at initialize (announced as `positionEncoding`)."""
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or positions.UTF16)

    def open_text(self, uri: str) -> Optional[str]:
        doc = self.workspace.text_documents.get(uri)
        return doc.source if doc is not None else None

    def edge(self) -> positions.Edge:
        """Converts the analysis' positions for this client (one per request: texts are read once)."""
        return positions.Edge(self.position_encoding(), self.open_text)

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

    # --- scheduling (scheduling.py decides when; here: what an analysis is and what its result does) ----
    def edit_delay(self) -> float:
        """Seconds between an edit and its analysis: 0 unless the `debounceMs` setting (or PYRER_LS_DEBOUNCE) asks."""
        return edit_delay(self.settings.debounce_ms, os.environ.get("PYRER_LS_DEBOUNCE"))

    def schedule(self, uri: str, delay: Optional[float] = None, edited: bool = True) -> None:
        """Analyse a document again (`edited`: its own text changed; else something it depends on); every earlier
        analysis of it becomes stale and its solves stop. `delay`: the edit delay unless given."""
        if self.kind(uri):
            self.scheduler.schedule(uri, self.edit_delay() if delay is None else delay, edited)

    def schedule_all(self, delay: Optional[float] = None, skip: Optional[str] = None) -> None:
        """Re-check every open document (a package, a file on disk or the settings changed)."""
        for uri in self.open_uris():
            if uri != skip:
                self.schedule(uri, delay, edited=False)

    def ready_event(self) -> asyncio.Event:
        if self.ready is None:
            self.ready = asyncio.Event()
        return self.ready

    async def _analyze(self, uri: str, gen: int, token: pyrer.CancelToken) -> "Analysed":
        """The analysis of the document's current text (in the analysis pool); raises Cancelled once stale."""
        doc = self.workspace.get_text_document(uri)
        path, text, version, kind = to_fs_path(uri) or uri, doc.source, doc.version, self.kind(uri)
        stale = lambda: not self.scheduler.is_current(uri, gen)  # noqa: E731
        status.checking(self, uri)
        self.started[uri] = time.perf_counter()
        known = self.followers.known(uri)  # rez's evaluation of this document, when it has answered
        result = await asyncio.get_running_loop().run_in_executor(
            self.executor, lambda: analyze_text(path, text, self.repo_ws, stale, kind=kind, token=token, wait=False,
                                                known=known))
        if stale():
            self.followers.discard(uri, result)  # the evaluation it started, if any, is not wanted any more
        return Analysed(result, text, version)

    def _analyzed(self, uri: str, gen: int, analysed: "Analysed", external: bool) -> None:
        """The analysis of a document's current text: stored, then pushed (or, when no pull waits for it and the
        client would not pull by itself, the client is asked to pull)."""
        result = analysed.analysis
        previous = self.analyses.get(uri)
        self.analyses[uri] = result
        self.result_ids[uri] = str(gen)
        if lens.changed(previous, result):
            self.refresh_views()
        if not self.pull_diagnostics:
            diagnostics.publish(self, uri, analysed.version, result.findings, analysed.text)
        elif external and not self.pulling.get(uri):
            self.request_refresh()  # re-checked because something else changed: ask the client to pull again
        status.done(self, uri, result, (time.perf_counter() - self.started.pop(uri, time.perf_counter())) * 1000)
        self.idle_gc.activity()
        # rez's evaluation, when it answers, checks the document again (unless a newer edit came first)
        self.followers.follow(uri, result, lambda: not self.scheduler.is_current(uri, gen),
                              lambda: self.schedule(uri, 0, edited=False))

    async def off_loop(self, work: Callable[[], T]) -> T:
        """Blocking feature work (solves, file reads) in the feature pool, off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.feature_executor, work)

    def request_refresh(self) -> None:
        """Ask a pulling client to pull again (workspace/diagnostic/refresh), when it supports that: once for every
        document re-checked in the same turn of the event loop."""
        caps = self.client_capabilities.workspace
        if self.refresh_pending or not (caps and caps.diagnostics and caps.diagnostics.refresh_support):
            return
        self.refresh_pending = True

        def send() -> None:
            self.refresh_pending = False
            self.workspace_diagnostic_refresh(None)

        asyncio.get_running_loop().call_soon(send)

    def refresh_views(self) -> None:
        """Ask the client to request inlay hints and code lenses again (resolves changed), when it supports that."""
        caps = self.client_capabilities.workspace
        if caps and caps.inlay_hint and caps.inlay_hint.refresh_support:
            self.workspace_inlay_hint_refresh(None)
        if caps and caps.code_lens and caps.code_lens.refresh_support:
            self.workspace_code_lens_refresh(None)

    async def pull(self, uri: str) -> Optional[Analysis]:
        """The analysis a diagnostic pull answers with, as soon as the current text's exists (scheduling one for a
        document not seen yet)."""
        if not self.scheduler.known(uri) and uri not in self.analyses:
            self.schedule(uri, 0)
        self.pulling[uri] = self.pulling.get(uri, 0) + 1
        try:
            return await self.latest(uri)
        finally:
            self.pulling[uri] -= 1

    # --- repositories on disk -----------------------------------------------------------
    def files_changed(self, paths: List[Optional[str]]) -> None:
        """package.py files changed on disk: forget their families and re-check every open document."""
        if self.repo_ws:
            for path in paths:
                self.repo_ws.invalidate(path)
        self.schedule_all()

    async def reload_repositories(self) -> int:
        """A new Workspace (empty family cache, repository folders detected again), indexed with progress and
        watched, and every open document re-checked; the number of families."""
        await asyncio.get_running_loop().run_in_executor(
            self.executor, lambda: rez_configuration(self.settings.use_rez_config, reload=True))
        self.rebuild_workspace()
        families = await progress.index_repositories(self)
        await self.update_file_watching()
        self.schedule_all(0)
        return families

    async def update_file_watching(self) -> None:
        """Every packages path watched: by the client where its registration covers it, else by our own watcher."""
        self.restart_watcher(await watching.update(self, self.watch_registration))

    def restart_watcher(self, paths: List[str]) -> None:
        """Watch `paths` with the server's own watcher (none: stop it)."""
        if self.watch_task is not None:
            self.watch_task.cancel()
            self.watch_task = None
        self.own_watched = list(paths)
        if paths:
            self.watch_task = asyncio.get_running_loop().create_task(self._watch(list(paths)))

    async def _watch(self, roots: List[str]) -> None:
        async for paths in watch_package_files(roots):
            self.files_changed(paths)

    async def latest(self, uri: str) -> Optional[Analysis]:
        """The analysis of the current text, waiting for a pending one."""
        await self.scheduler.settled(uri, timeout=30)
        return self.analyses.get(uri)


server = PyrerLanguageServer()


def _settings_from(value) -> Optional[Settings]:
    return Settings.from_dict(value) if isinstance(value, dict) else None


@server.feature(types.INITIALIZE)
def on_initialize(ls: PyrerLanguageServer, params: types.InitializeParams) -> None:
    ls.settings = _settings_from(params.initialization_options) or Settings()
    # rez's configuration is read by rez (its import takes a few hundred ms): start now, while the client answers
    use_rez = ls.settings.use_rez_config
    asyncio.get_running_loop().run_in_executor(ls.executor, lambda: rez_configuration(use_rez))
    ls.status_notifications = client.opts_in(params.initialization_options, client.STATUS_OPT_IN)
    text_caps = params.capabilities.text_document
    work_caps = params.capabilities.workspace
    # Pull only where the client can also be told to pull again after a dependency or a file on disk
    # changed (workspace/diagnostic/refresh); everyone else gets pushes, and no diagnosticProvider.
    ls.pull_diagnostics = bool(text_caps and text_caps.diagnostic is not None and work_caps
                               and work_caps.diagnostics and work_caps.diagnostics.refresh_support)
    if ls.pull_diagnostics and types.TEXT_DOCUMENT_DIAGNOSTIC not in ls.protocol.fm.features:
        ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
            identifier="pyrer", inter_file_dependencies=True, workspace_diagnostics=False))(on_diagnostic)


@server.feature(types.INITIALIZED)
async def on_initialized(ls: PyrerLanguageServer, params: types.InitializedParams) -> None:
    await _pull_configuration(ls)
    # rez's configuration is read by rez (imported once, off the event loop)
    await asyncio.get_running_loop().run_in_executor(ls.executor, lambda: rez_configuration(ls.settings.use_rez_config))
    ls.rebuild_workspace()
    ls.ready_event().set()  # analyses need the settings, not the family list: it is listed when first needed
    await progress.index_repositories(ls)
    await ls.update_file_watching()


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


@server.feature(types.SHUTDOWN)
def on_shutdown(ls: PyrerLanguageServer, params: None) -> None:
    ls.shut_down = True


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
    path = to_fs_path(params.text_document.uri)
    if ls.repo_ws and path and ls.repo_ws.on_packages_path(path):  # elsewhere a save changes nothing a resolve reads
        ls.repo_ws.invalidate(path)
        ls.schedule_all()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PyrerLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.update_overlay(uri, closed=True)
    ls.scheduler.forget(uri)
    ls.followers.forget(uri)
    ls.analyses.pop(uri, None)
    ls.started.pop(uri, None)
    ls.result_ids.pop(uri, None)
    ls.releases.forget(uri)
    if not ls.pull_diagnostics:
        diagnostics.publish(ls, uri, None, [], "")


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: PyrerLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.files_changed([to_fs_path(change.uri) for change in params.changes])


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: PyrerLanguageServer, params: types.DidChangeConfigurationParams) -> None:
    settings = _settings_from(params.settings)
    if settings is not None and params.settings:
        ls.settings = settings
    else:
        await _pull_configuration(ls)
    await ls.reload_repositories()


async def on_diagnostic(ls: PyrerLanguageServer, params: types.DocumentDiagnosticParams):
    """textDocument/diagnostic, registered at initialize for clients that pull and accept refreshes."""
    uri = params.text_document.uri
    result = await ls.pull(uri) if ls.kind(uri) else None
    return diagnostics.report(ls.edge(), uri, result.findings if result else [], ls.result_ids.get(uri),
                              params.previous_result_id)


@server.command(commands.REINDEX)
async def on_reindex(ls: PyrerLanguageServer) -> dict:
    return await commands.reindex(ls)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def on_hover(ls: PyrerLanguageServer, params: types.HoverParams) -> Optional[types.Hover]:
    uri = params.text_document.uri
    analysis = await ls.latest(uri)
    return hover.hover(analysis, params.position, ls.edge().document(uri), client.hover_kind(ls.client_capabilities))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=code_actions.KINDS))
async def on_code_action(ls: PyrerLanguageServer, params: types.CodeActionParams) -> Optional[List[types.CodeAction]]:
    return await code_actions.actions(ls, params)


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=completion.TRIGGER_CHARACTERS, resolve_provider=True))
async def on_completion(ls: PyrerLanguageServer, params: types.CompletionParams) -> Optional[types.CompletionList]:
    uri, kind = params.text_document.uri, ls.kind(params.text_document.uri)
    if not kind:
        return None
    await ls.ready_event().wait()
    text, snippets = ls.workspace.get_text_document(uri).source, completion.snippets_supported(ls)
    docs, columns = completion.documentation_kind(ls), ls.edge().document(uri, text)
    with ls.scheduler.request_token(uri) as token:  # the document's next edit stops the solves marking versions
        return await ls.off_loop(lambda: completion.completions(
            uri, text, kind, params.position, ls.repo_ws, snippets, docs, columns, token))


@server.feature(types.COMPLETION_ITEM_RESOLVE)
async def on_completion_resolve(ls: PyrerLanguageServer, item: types.CompletionItem) -> types.CompletionItem:
    uri = completion.item_uri(item)
    kind = ls.kind(uri) if uri and uri in ls.workspace.text_documents else None
    if not kind:
        return item
    text = ls.workspace.get_text_document(uri).source
    with ls.scheduler.request_token(uri) as token:
        return await ls.off_loop(lambda: completion.resolve_item(item, text, kind, ls.repo_ws, token))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def on_definition(ls: PyrerLanguageServer, params: types.DefinitionParams) -> List[types.Location]:
    uri = params.text_document.uri
    analysis = await ls.latest(uri)
    edge = ls.edge()
    position = edge.document(uri).from_client(params.position)
    return await ls.off_loop(lambda: navigation.goto_definition(analysis, position, ls.repo_ws, edge))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
async def on_references(ls: PyrerLanguageServer, params: types.ReferenceParams) -> Optional[List[types.Location]]:
    uri = params.text_document.uri
    analysis = await ls.latest(uri)
    docs = {to_fs_path(u): doc.source for u, doc in ls.workspace.text_documents.items() if to_fs_path(u)}
    edge = ls.edge()
    position = edge.document(uri).from_client(params.position)
    return await ls.off_loop(lambda: navigation.find_references(
        analysis, position, docs, ls.workspace_roots(), ls.settings.request_file_globs,
        params.context.include_declaration, edge))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_document_symbol(ls: PyrerLanguageServer, params: types.DocumentSymbolParams) -> List[types.DocumentSymbol]:
    uri = params.text_document.uri
    kind = ls.kind(uri)
    if not kind:
        return []
    text = ls.workspace.get_text_document(uri).source
    return symbols.outline(text, kind, ls.edge().document(uri, text))


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
async def on_inlay_hint(ls: PyrerLanguageServer, params: types.InlayHintParams) -> List[types.InlayHint]:
    uri = params.text_document.uri
    analysis = await ls.latest(uri)
    text = ls.workspace.get_text_document(uri).source
    return inlay.hints(analysis, text, params.range, ls.edge().document(uri, text))


@server.feature(types.TEXT_DOCUMENT_CODE_LENS)
async def on_code_lens(ls: PyrerLanguageServer, params: types.CodeLensParams) -> List[types.CodeLens]:
    uri = params.text_document.uri
    analysis = await ls.latest(uri)
    columns = ls.edge().document(uri)
    return lens.lenses(uri, analysis, columns) + ls.releases.lenses(ls, uri, analysis, columns)


@server.command(lens.SHOW_IMPACT)
async def on_show_impact(ls: PyrerLanguageServer, *args) -> dict:
    return ls.releases.show(ls, args[0] if args and isinstance(args[0], str) else "")


@server.command(lens.SHOW_RESOLVE)
async def on_show_resolve(ls: PyrerLanguageServer, *args) -> dict:
    uri = args[0] if args and isinstance(args[0], str) else ""
    labels = [str(x) for x in args[1]] if len(args) > 1 and isinstance(args[1], list) else []
    return lens.show_resolve(ls, await ls.latest(uri), labels)


def start() -> None:
    """Serve over stdio until the client exits: exit status 0 after a `shutdown` request, else 1 (as LSP says)."""
    logging.basicConfig(level=os.environ.get("PYRER_LS_LOG", "WARNING"))
    idle_gc.defer_full_collections()
    server.start_io()
    sys.exit(0 if server.shut_down else 1)
