"""The evaluation worker (`python -m pyrer.evaluation.worker`): loads package files with rez's own
loaders, one request at a time, and answers over a dedicated pipe.

This is the only module of pyrer that has rez run package.py code. It runs in a child process of
its own (`pool.py` starts, limits and kills it): its stdout and stderr are /dev/null, its memory is
capped with RLIMIT_AS, and whatever a package does (raise, exit, fork, flood, loop) becomes a
failure message or the death of this process, never a problem for the caller.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from contextlib import contextmanager, nullcontext
from typing import Any, Dict, Iterator, List, Optional, Tuple

from pyrer.evaluation import isolation
from pyrer.evaluation.describe import describe_exception, one_line
from pyrer.evaluation.protocol import (
    DEVELOPER,
    ERROR,
    LATE_FIELDS,
    LIST_FIELDS,
    MEMORY,
    TOO_LARGE,
    EvaluatedPackage,
    EvaluationFailure,
    EvaluationReply,
    EvaluationRequest,
    decode,
    encode,
    format_bytes,
)

MAX_WARNINGS = 20


# -- where a repository package sits ------------------------------------------------------------


def locate(path: str, repository: Optional[str]) -> Tuple[str, str, str]:
    """(packages path, family, version) of `<repository>/<family>/<version>/package.py`, or of an
    unversioned `<repository>/<family>/package.py` (version ""). Without `repository`, the versioned
    layout is assumed. ValueError when `path` is not laid out that way."""
    folder = os.path.dirname(os.path.abspath(path))
    if repository is None:
        version_dir = folder
        family_dir = os.path.dirname(version_dir)
        return os.path.dirname(family_dir), os.path.basename(family_dir), os.path.basename(version_dir)
    relative = os.path.relpath(folder, os.path.abspath(repository))
    parts = [] if relative == os.curdir else relative.split(os.sep)
    if len(parts) == 2 and os.pardir not in parts:
        return os.path.abspath(repository), parts[0], parts[1]
    if len(parts) == 1 and parts[0] != os.pardir:
        return os.path.abspath(repository), parts[0], ""
    raise ValueError(
        "%s is not <family>/<version>/%s in the packages path %s"
        % (path, os.path.basename(path), repository)
    )


# -- loading through rez ------------------------------------------------------------------------


@contextmanager
def served_text(path: str, text: str) -> Iterator[None]:
    """rez's loaders open the package file by path (rez 3.4.0's `load_py` ignores the stream it is
    given and reads `filepath` again): while this block runs, `rez.serialise` opens `text` in place
    of the file at `path`, so the buffer is compiled under the file's real name, in its folder, by
    rez's own loader. Nothing else, the package's own code included, sees the substitution."""
    import builtins

    import rez.serialise as serialise

    target = os.path.realpath(path)
    data = text.encode("utf-8", "surrogateescape")

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str) and os.path.realpath(file) == target and not set("wax+") & set(mode):
            return io.BytesIO(data) if "b" in mode else io.StringIO(text, newline=None)
        return builtins.open(file, mode, *args, **kwargs)

    serialise.open = open_  # type: ignore[attr-defined]  # shadows the builtin in that module only
    try:
        yield
    finally:
        del serialise.open  # type: ignore[attr-defined]


def load_developer(path: str, text: Optional[str]) -> Any:
    """The package as rez's developer-package loading gives it (`rez build` in its folder):
    `@early` evaluated, wildcard requirements expanded, the preprocess functions applied."""
    from rez.packages import get_developer_package
    from rez.serialise import FileFormat

    format_ = FileFormat.yaml if path.endswith(".yaml") else FileFormat.py
    if text is None:
        return get_developer_package(path, format=format_)
    with served_text(path, text):
        return get_developer_package(path, format=format_)


class NotListed(Exception):
    """rez does not list the package at this path (hidden by an .ignore file, being installed,
    or defined by another file)."""


def find_repository_package(path: str, repository: Optional[str]) -> Any:
    """The `Package` rez's filesystem repository gives for the package file at `path` (not yet
    loaded: rez reads the file on first access to its data)."""
    from rez.package_repository import package_repository_manager
    from rez.packages import Package

    try:
        location, family, version = locate(path, repository)
    except ValueError as exc:
        raise NotListed(str(exc)) from None
    repo = package_repository_manager.get_repository(location)
    family_resource = repo.get_package_family(family)
    if family_resource is not None:
        for resource in repo.iter_packages(family_resource):
            if (resource.get("version", "") or "") != version:
                continue
            filepath = getattr(resource, "filepath", None)
            if filepath and os.path.realpath(filepath) != os.path.realpath(path):
                raise NotListed("rez reads %s for this package, not %s" % (filepath, os.path.basename(path)))
            return Package(resource)
    label = "%s-%s" % (family, version) if version else family
    raise NotListed("rez does not list %s in %s (an .ignore file hides it, or it is not installed)" % (label, location))


def _strings(values: Any) -> List[str]:
    return [str(v) for v in (values or [])]


def jsonable(value: Any) -> Any:
    """Plain JSON values: dicts, lists, strings, numbers, booleans, None; anything else as str()."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def package_fields(package: Any, kind: str, path: str) -> EvaluatedPackage:
    """What the solver and the checks need from a rez `Package`, as plain values. Fields defined as
    `@late` functions are listed in `late` and left None (rez evaluates them in a resolve)."""
    late = []
    for key in LATE_FIELDS:
        raw = getattr(package.resource, key, None)
        if getattr(raw, "late_binding", False):
            late.append(key)
    lists: Dict[str, Optional[List[str]]] = {}
    for key in LIST_FIELDS:
        lists[key] = None if key in late else _strings(getattr(package, key))
    tests = None if "tests" in late else jsonable(package.tests or {})
    timestamp = package.timestamp
    return EvaluatedPackage(
        path=path,
        kind=kind,
        name=str(package.name),
        version="" if package.version is None else str(package.version),
        requires=lists["requires"],
        build_requires=lists["build_requires"],
        private_build_requires=lists["private_build_requires"],
        variants=[_strings(v) for v in (package.variants or [])],
        tests=tests,
        timestamp=int(timestamp) if isinstance(timestamp, int) else None,
        late=late,
    )


# -- one request --------------------------------------------------------------------------------


class _Warnings:
    """What rez logs at warning level or above during an evaluation."""

    def __init__(self) -> None:
        import logging

        class Handler(logging.Handler):
            def emit(handler, record: logging.LogRecord) -> None:  # noqa: N805
                if len(self.lines) < MAX_WARNINGS:
                    try:
                        self.lines.append(one_line(record.getMessage()))
                    except Exception:
                        pass

        self.lines: List[str] = []
        self.handler = Handler(logging.WARNING)
        self.logger = logging.getLogger("rez")

    def __enter__(self) -> "_Warnings":
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.logger.removeHandler(self.handler)


def _memory_error(exc: BaseException) -> bool:
    current: Optional[BaseException] = exc
    while current is not None:
        if isinstance(current, MemoryError):
            return True
        current = current.__cause__ or current.__context__
    return False


def evaluate(request: EvaluationRequest, memory_limit: int) -> EvaluationReply:
    """Evaluate one file; every exception becomes an `EvaluationFailure`."""
    from rez.package_repository import package_repository_manager

    path = os.path.abspath(request.path)
    package_repository_manager.clear_caches()  # see the files as they are now
    recycle = False
    result: Any
    excluded = {path, os.path.realpath(path)}
    watch = None
    try:
        with _Warnings() as warnings, isolation.watched(os.path.dirname(path), excluded) as watch:
            if request.kind == DEVELOPER:
                package = load_developer(path, request.text)
                result = package_fields(package, request.kind, request.path)
            else:
                with isolation.paused():
                    package = find_repository_package(path, request.repository)
                with served_text(path, request.text) if request.text is not None else nullcontext():
                    result = package_fields(package, request.kind, request.path)  # rez reads the file here
            result.warnings = list(warnings.lines)
    except NotListed as exc:
        result = EvaluationFailure(request.path, request.kind, ERROR, one_line(str(exc)))
    except BaseException as exc:  # the package's code may raise anything, SystemExit included
        message, line, _ = describe_exception(exc, path)
        if _memory_error(exc):
            recycle = True
            limit = " %s" % format_bytes(memory_limit) if memory_limit else ""
            message = "memory limit%s exceeded: %s" % (limit, message)
            result = EvaluationFailure(request.path, request.kind, MEMORY, message, line)
        else:
            result = EvaluationFailure(request.path, request.kind, ERROR, message, line)
    dependencies = watch.dependencies if watch is not None else []
    volatile = watch.volatile if watch is not None else True
    return EvaluationReply(request.id, result, dependencies, volatile, recycle)


# -- the process --------------------------------------------------------------------------------


class Channel:
    """The two pipe ends shared with the parent (inherited as fds, closed on exec)."""

    def __init__(self, requests_fd: int, replies_fd: int) -> None:
        os.set_inheritable(requests_fd, False)
        os.set_inheritable(replies_fd, False)
        self.requests = os.fdopen(requests_fd, "rb")
        self.replies_fd = replies_fd

    def send(self, message: Dict[str, Any]) -> None:
        self.send_bytes(encode(message))

    def send_bytes(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.replies_fd, view)
            view = view[written:]

    def receive(self) -> Optional[Dict[str, Any]]:
        line = self.requests.readline()
        if not line:
            return None
        return decode(line)


def _set_limits(memory_limit: int) -> None:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))


def _quiet_streams() -> None:
    """fds 0, 1 and 2 on /dev/null, whatever the parent gave (package code may print anything)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _prepare_rez() -> Optional[str]:
    """Import rez's loaders and load its configuration now (so evaluations do not pay for it);
    the error text when that fails."""
    try:
        import rez.developer_package  # noqa: F401
        import rez.package_maker  # noqa: F401
        import rez.packages  # noqa: F401
        import rez.serialise  # noqa: F401
        from rez.config import config
        from rez.utils._version import _rez_version

        config.packages_path  # noqa: B018  (loads the configuration)
        config.package_preprocess_function  # noqa: B018
        if not _rez_version:
            return "rez has no version"
    except BaseException as exc:  # a broken rezconfig may raise anything
        text, _, _ = describe_exception(exc, "")
        return "rez cannot be loaded: %s" % text
    _warm_up()
    return None


def _warm_up() -> None:
    """Load one tiny package both ways, so that rez's lazy start-up (plugin discovery, schemas,
    imports) is done before the first real evaluation and is not taken for one of its reads."""
    import shutil
    import tempfile

    from rez.package_repository import package_repository_manager

    folder = tempfile.mkdtemp(prefix="pyrer-warm-up-")
    try:
        version_dir = os.path.join(folder, "pyrer_warm_up", "1")
        os.makedirs(version_dir)
        path = os.path.join(version_dir, "package.py")
        with open(path, "w") as f:
            f.write('name = "pyrer_warm_up"\nversion = "1"\nrequires = ["pyrer_warm_up-*"]\n')
        package_fields(load_developer(path, None), DEVELOPER, path)
        package_fields(find_repository_package(path, None), "repository", path)
    except Exception:
        pass  # the real evaluations will say what is wrong
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        package_repository_manager.clear_caches()


def _answer(channel: Channel, reply: EvaluationReply, max_reply_bytes: int) -> None:
    try:
        data = encode(reply.to_json())
    except MemoryError:
        data = b""
    if not data or len(data) > max_reply_bytes:
        size = "more than %s" % format_bytes(max_reply_bytes) if data else "too much memory"
        failure = EvaluationFailure(
            reply.result.path, reply.result.kind, TOO_LARGE,
            "the evaluated package is too large to return (%s of JSON)" % size,
        )
        reply = EvaluationReply(reply.id, failure, reply.dependencies, reply.volatile, True)
        data = encode(reply.to_json())
    channel.send_bytes(data)


def serve(channel: Channel, memory_limit: int, max_reply_bytes: int) -> None:
    """Answer requests until the parent closes the pipe (or a reply asks for a new worker)."""
    worker_pid = os.getpid()
    while True:
        message = channel.receive()
        if message is None or message.get("type") != "evaluate":
            return
        request = EvaluationRequest(
            id=int(message["id"]),
            kind=str(message["kind"]),
            path=str(message["path"]),
            text=message.get("text"),
            repository=message.get("repository"),
        )
        try:
            reply = evaluate(request, memory_limit)
        except BaseException as exc:  # e.g. a KeyboardInterrupt arriving between two statements
            text, _, _ = describe_exception(exc, request.path)
            failure = EvaluationFailure(request.path, request.kind, ERROR, text)
            reply = EvaluationReply(request.id, failure, [], True, True)
        if os.getpid() != worker_pid:
            os._exit(0)  # a fork made by the package's code: it must not answer
        leftover = isolation.left_behind()
        if leftover:
            reply.recycle = True
            if reply.result.ok:
                reply.result.warnings.append("the evaluation left %s: the worker is replaced" % leftover)
        _answer(channel, reply, max_reply_bytes)
        if reply.recycle:
            # wait for the parent's kill: alive, this process is still the parent (subreaper) of
            # what the package left behind, so the parent can find those and kill them too
            channel.receive()
            return


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pyrer.evaluation.worker")
    parser.add_argument("--requests-fd", type=int, required=True)
    parser.add_argument("--replies-fd", type=int, required=True)
    parser.add_argument("--memory-limit", type=int, default=0)
    parser.add_argument("--max-reply-bytes", type=int, default=16 << 20)
    parser.add_argument("--parent-pid", type=int, default=0)
    args = parser.parse_args(argv)
    isolation.die_with_parent(args.parent_pid)
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # `-m` put the working directory first: imports never come from there
    _quiet_streams()
    channel = Channel(args.requests_fd, args.replies_fd)
    isolation.become_subreaper()
    problem = _prepare_rez()
    if problem is not None:
        channel.send({"type": "unavailable", "error": problem})
        os._exit(0)
    from rez.utils._version import _rez_version

    isolation.install()
    _set_limits(args.memory_limit)
    channel.send({"type": "ready", "pid": os.getpid(), "rez_version": _rez_version})
    try:
        serve(channel, args.memory_limit, args.max_reply_bytes)
    except BaseException:
        pass
    # no atexit handlers, no finalizers: they could be the package's
    os._exit(0)


if __name__ == "__main__":
    main()
