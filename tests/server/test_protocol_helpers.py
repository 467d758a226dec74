"""The protocol-edge helpers alone: column conversion, plain-text markup, workspace roots, who watches which path."""

from __future__ import annotations

import pytest
from lsprotocol import types

from pyrer_ls import client, file_watching, markup, positions
from pyrer_ls.analysis.model import Position

LINE = 'x = "é🎬漢"; y'  # é: 2 UTF-8 bytes; 🎬: 4 bytes, 2 UTF-16 units; 漢: 3 bytes


@pytest.mark.parametrize("utf16,utf8,utf32", [
    (0, 0, 0), (5, 5, 5),  # before and at é
    (6, 7, 6),  # after é
    (8, 11, 7),  # after 🎬 (two UTF-16 units)
    (9, 14, 8),  # after 漢
    (len(LINE.encode("utf-16-le")) // 2, len(LINE.encode()), len(LINE)),  # end of line
    (len(LINE.encode("utf-16-le")) // 2 + 3, len(LINE.encode()) + 3, len(LINE) + 3),  # past the end: kept
])
def test_convert_column(utf16, utf8, utf32):
    units = {"utf-16": utf16, "utf-8": utf8, "utf-32": utf32}
    for source, a in units.items():
        for target, b in units.items():
            assert positions.convert_column(LINE, a, source, target) == b, (source, target)


def test_a_column_inside_a_character_lands_on_its_start():
    assert positions.convert_column(LINE, 7, "utf-16", "utf-8") == 7  # between 🎬's two units
    assert positions.convert_column(LINE, 9, "utf-8", "utf-16") == 6  # inside 🎬's four bytes


@pytest.mark.parametrize("offered,chosen", [
    (None, "utf-16"), ([], "utf-16"), (["utf-8", "utf-16"], "utf-8"), (["utf-32", "utf-8"], "utf-32"),
    (["latin-1", "utf-8"], "utf-8"), (["latin-1"], "utf-16"),
])
def test_negotiate(offered, chosen):
    assert positions.negotiate(offered) == chosen


def test_document_columns_round_trip_and_identity_without_text():
    cols = positions.DocumentColumns("a\n" + LINE + "\n", "utf-8")
    out = cols.to_client(Position(1, 8))
    assert (out.line, out.character) == (1, 11)
    assert cols.from_client(out) == Position(1, 8)
    blind = positions.DocumentColumns(None, "utf-8")  # a file that could not be read: columns pass through
    assert blind.to_client(Position(1, 8)).character == 8


@pytest.mark.parametrize("md,plain", [
    ("**foo-1.0**", "foo-1.0"),
    ("- **runtime**: foo-1.0\n  - `python-3.9` pulled in", "- runtime: foo-1.0\n  - python-3.9 pulled in"),
    ("```python\nrequires = []\n```", "requires = []"),
    ("head\n\n| package | saved | now |\n|---|---|---|\n| maya | 2025.1 | unchanged |",
     "head\n\npackage  saved   now\nmaya     2025.1  unchanged"),
    ("2 ** 3 is not bold", "2 ** 3 is not bold"),
])
def test_plain_text(md, plain):
    assert markup.plain_text(md) == plain


@pytest.mark.parametrize("offered,kind", [
    (None, "markdown"), (["plaintext"], "plaintext"), (["markdown", "plaintext"], "markdown"),
    (["plaintext", "markdown"], "plaintext"), (["html"], "markdown"),
])
def test_preferred_markup(offered, kind):
    assert markup.preferred_kind(offered) == kind


@pytest.mark.parametrize("folders,root_uri,root_path,roots", [
    (["file:///w/a", "file:///w/b"], "file:///w/a", None, ["/w/a", "/w/b"]),
    ([], "file:///w/a", "/w/a", ["/w/a"]),  # lsp-mode: rootUri only
    ([], None, "/w/c/", ["/w/c"]),  # rootPath only
    ([], None, None, []),
    (["file:///w/a", "file:///w/a/"], None, None, ["/w/a"]),
])
def test_workspace_roots(folders, root_uri, root_path, roots):
    assert client.workspace_roots(folders, root_uri, root_path) == roots


@pytest.mark.parametrize("options,opted", [
    (None, False), ({}, False), ({"statusNotifications": True}, True), ({"pyrer": {"statusNotifications": True}}, True),
    ({"statusNotifications": "yes"}, False),
])
def test_opt_in(options, opted):
    assert client.opts_in(options, client.STATUS_OPT_IN) is opted


GLOBS = file_watching.ClientWatching(dynamic=True, relative_patterns=False)  # eglot, lsp-mode
RELATIVE = file_watching.ClientWatching(dynamic=True, relative_patterns=True)  # VS Code
PATHS = ["/w/repo", "/studio/packages"]


@pytest.mark.parametrize("mode,registered,watching,own", [
    ("auto", True, RELATIVE, []),  # the client watches every packages path
    ("auto", True, GLOBS, ["/studio/packages"]),  # the client watches its workspace only
    ("auto", False, RELATIVE, PATHS),  # the client refused the registration
    ("server", False, RELATIVE, PATHS),
    ("client", False, GLOBS, []),
])
def test_server_watched(mode, registered, watching, own):
    assert file_watching.server_watched(PATHS, ["/w"], mode, registered, watching) == own


def test_watchers_hold_relative_patterns_only_for_clients_that_take_them():
    assert [w.glob_pattern for w in file_watching.watchers(PATHS, GLOBS)] == ["**/package.py"]
    patterns = [w.glob_pattern for w in file_watching.watchers(PATHS, RELATIVE)][1:]
    assert [(p.base_uri, p.pattern) for p in patterns] == [("file:///w/repo", "**/package.py"),
                                                           ("file:///studio/packages", "**/package.py")]
    assert not file_watching.wants_registration("server", RELATIVE)
    assert file_watching.client_watching(types.ClientCapabilities()) == file_watching.ClientWatching(False, False)


@pytest.mark.parametrize("options,value", [
    ({"positionEncoding": "utf-8"}, "utf-8"), ({"pyrer": {"positionEncoding": "utf-32"}}, "utf-32"),
    ({"positionEncoding": "utf-8", "pyrer": {"positionEncoding": "utf-32"}}, "utf-8"), ({"pyrer": []}, None), ([], None),
])
def test_init_option(options, value):
    assert client.init_option(options, client.ENCODING_OPTION) == value


@pytest.mark.parametrize("data,watcher,workspace,repository", [
    ({}, "auto", False, True),
    ({"fileWatcher": "server", "evaluateWorkspacePackages": True, "evaluateRepositoryPackages": False}, "server", True, False),
    ({"pyrer": {"fileWatcher": "client", "evaluateWorkspacePackages": True}}, "client", True, True),
    ({"fileWatcher": "inotify", "evaluateWorkspacePackages": "yes", "evaluateRepositoryPackages": 0}, "auto", False, True),
])
def test_settings_the_protocol_edge_carries(data, watcher, workspace, repository):
    from pyrer_ls.analysis.workspace import Settings  # noqa: PLC0415

    s = Settings.from_dict(data)
    assert (s.file_watcher, s.evaluate_workspace_packages, s.evaluate_repository_packages) == (watcher, workspace, repository)


@pytest.mark.parametrize("data,limit", [({}, 5.0), ({"evaluationTimeLimit": 2}, 2.0), ({"evaluationTimeLimit": 0}, 5.0),
                                        ({"evaluationTimeLimit": "10"}, 5.0), ({"evaluationTimeLimit": True}, 5.0)])
def test_evaluation_time_limit_setting(data, limit):
    from pyrer_ls.analysis.workspace import Settings  # noqa: PLC0415

    assert Settings.from_dict(data).evaluation_time_limit == limit
