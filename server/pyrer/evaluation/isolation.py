"""Inside the worker: what one evaluation read and ran, the process state put back after it, and
whether it left processes or threads behind.

Reads are seen through a Python audit hook ("open", "os.listdir", "os.scandir") and a recording
`os.environ`; a program run or a network connection makes the answer volatile (never cached). The
hook stays installed for the worker's life (audit hooks cannot be removed) and does nothing
outside an evaluation.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Iterator, List, Optional, Set, Tuple

from pyrer.evaluation.protocol import Dependency
from pyrer.evaluation.stamps import ENV_PREFIX, WHOLE_ENV, environment_stamp, path_stamp, value_stamp

# More dependencies than this and the result is not worth caching (it is treated as volatile).
MAX_DEPENDENCIES = 256

# Audit events after which the answer may change with no file changing: another program ran, the
# process forked, or the network was used.
_VOLATILE_EVENTS = frozenset(
    (
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.startfile",
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "urllib.Request",
    )
)
_LIST_EVENTS = frozenset(("os.listdir", "os.scandir"))
_WRITE_MODES = frozenset("wax+")
_NOT_DEPENDENCIES = ("/dev/", "/proc/", "/sys/")

# Signals package code may take over; their handlers are put back after each evaluation.
_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGALRM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGVTALRM", "SIGPROF")
    if hasattr(signal, name)
)


class _Recording:
    """What the current evaluation read (None outside one)."""

    def __init__(self, excluded: Set[str]) -> None:
        self.excluded = excluded
        self.paths: Set[str] = set()
        self.variables: Set[str] = set()
        self.volatile = False


_current: Optional[_Recording] = None
_prefixes: Tuple[str, ...] = ()


def _audit(event: str, args: tuple) -> None:
    recording = _current
    if recording is None:
        return
    if event == "open" or event in _LIST_EVENTS:
        if sys._getframe(1).f_code.co_filename.startswith("<frozen importlib"):
            return  # the import system: modules are dependencies through `_new_modules`
    if event == "open":
        path, mode, flags = args[0], args[1], args[2]
        if mode is not None:
            if _WRITE_MODES.intersection(mode):
                return
        elif isinstance(flags, int) and flags & os.O_ACCMODE != os.O_RDONLY:
            return
        _record_path(recording, path)
    elif event in _LIST_EVENTS:
        _record_path(recording, args[0] if args and args[0] is not None else ".")
    elif event in _VOLATILE_EVENTS:
        recording.volatile = True


def _record_path(recording: _Recording, path: object) -> None:
    if isinstance(path, int):
        return
    try:
        path = os.fsdecode(os.fspath(path))  # type: ignore[arg-type]
        path = os.path.abspath(path)
    except (TypeError, ValueError, OSError):
        return
    if path in recording.excluded or path.startswith(_prefixes):
        return
    recording.paths.add(path)


class _RecordingEnviron(os._Environ):  # type: ignore[name-defined,misc]
    """`os.environ` during an evaluation: the same variables, each read noted."""

    def __init__(self, real: "os._Environ[str]") -> None:  # type: ignore[name-defined]
        super().__init__(real._data, real.encodekey, real.decodekey, real.encodevalue, real.decodevalue)

    def __getitem__(self, key: str) -> str:
        if _current is not None and isinstance(key, str) and not key.startswith("REZ_"):
            _current.variables.add(key)  # (rez's own variables are in the settings fingerprint)
        return super().__getitem__(key)

    def __iter__(self) -> Iterator[str]:
        if _current is not None:
            _current.variables.add("*")
        return super().__iter__()

    def __len__(self) -> int:
        if _current is not None:
            _current.variables.add("*")
        return super().__len__()


def install() -> None:
    """Install the audit hook (once per worker); files of the Python installation and of pyrer
    never count as dependencies."""
    global _prefixes
    roots = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(__file__))]
    prefixes = {os.path.join(os.path.realpath(p), "") for p in roots}
    prefixes |= {os.path.join(os.path.abspath(p), "") for p in roots}
    _prefixes = tuple(sorted(prefixes)) + _NOT_DEPENDENCIES
    sys.addaudithook(_audit)


def _new_modules(before: Set[str]) -> List[str]:
    """The source files of the modules imported since `before` from outside the Python installation
    (the package's own helpers, `@include` modules, the preprocess function's module). They are
    dropped from `sys.modules` so that the next evaluation imports them afresh, as a new rez
    process would."""
    files = []
    for name in [n for n in sys.modules if n not in before]:
        module = sys.modules.get(name)
        filename = getattr(module, "__file__", None)
        if not isinstance(filename, str):
            continue
        if filename.endswith(".pyc"):
            try:
                import importlib.util

                filename = importlib.util.source_from_cache(filename)
            except ValueError:
                pass
        filename = os.path.abspath(filename)
        if filename.startswith(_prefixes):
            continue
        files.append(filename)
        del sys.modules[name]
    return files


def _dependencies(recording: _Recording) -> Tuple[List[Dependency], bool]:
    deps: List[Dependency] = [(p, path_stamp(p)) for p in sorted(recording.paths)]
    if "*" in recording.variables:
        deps.append((WHOLE_ENV, environment_stamp(os.environ)))
    else:
        deps.extend(
            (ENV_PREFIX + name, value_stamp(os.environ.get(name))) for name in sorted(recording.variables)
        )
    volatile = recording.volatile or len(deps) > MAX_DEPENDENCIES
    return deps, volatile


class Watch:
    """The outcome of `watched()`: filled in when the block ends."""

    dependencies: List[Dependency]
    volatile: bool

    def __init__(self) -> None:
        self.dependencies = []
        self.volatile = False


@contextmanager
def watched(directory: str, excluded: Set[str]) -> Iterator[Watch]:
    """Run the block as one evaluation: in `directory` (rez builds from the package's folder), with
    SIGINT raising KeyboardInterrupt, reads recorded (`excluded` paths aside); afterwards the working
    directory, environment, `sys.path`, `sys.argv`, standard streams, signal handlers and timers are
    what they were before."""
    global _current
    watch = Watch()
    saved_cwd = os.getcwd()
    real_environ = os.environ
    saved_env = dict(real_environ)
    saved_path = list(sys.path)
    saved_argv = list(sys.argv)
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_signals = [(s, signal.getsignal(s)) for s in _SIGNALS]
    saved_modules = set(sys.modules)
    recording = _Recording(excluded)
    try:
        os.chdir(directory)
        os.environ = _RecordingEnviron(real_environ)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _current = recording
        yield watch
    finally:
        _current = None
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.environ = real_environ
        recording.paths.update(_new_modules(saved_modules))
        _restore(saved_cwd, saved_env, saved_path, saved_argv, saved_streams, saved_signals)
        watch.dependencies, watch.volatile = _dependencies(recording)  # variables as the parent sees them


@contextmanager
def paused() -> Iterator[None]:
    """Inside `watched()`: reads in this block are not the package's (rez locating it)."""
    global _current
    recording, _current = _current, None
    try:
        yield
    finally:
        _current = recording


def _restore(cwd, env, path, argv, streams, signals) -> None:  # type: ignore[no-untyped-def]
    for which in (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF):
        signal.setitimer(which, 0)
    for signum, handler in signals:
        if signum != signal.SIGINT and handler is not None:
            try:
                signal.signal(signum, handler)
            except (OSError, ValueError, TypeError):
                pass
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.path[:] = path
    sys.argv[:] = argv
    if dict(os.environ) != env:
        os.environ.clear()
        os.environ.update(env)
    try:
        os.chdir(cwd)
    except OSError:
        os.chdir("/")
    sys.settrace(None)
    sys.setprofile(None)
    threading.settrace(None)  # type: ignore[arg-type]
    threading.setprofile(None)  # type: ignore[arg-type]


def left_behind() -> Optional[str]:
    """What the last evaluation left running, if anything: child processes (the worker is their
    subreaper, so orphaned descendants count) or threads. Exited children are reaped."""
    try:
        while True:
            pid, _ = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                return "a child process running"
    except ChildProcessError:
        pass
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        threads = threading.active_count()
    if threads > 1:
        return "a thread running"
    return None


def die_with_parent(parent_pid: int) -> None:
    """Linux: be killed when the process that started this one dies (even by SIGKILL, in the
    middle of an endless evaluation); exit now if it already has. (The kernel watches the thread
    that started the worker: the evaluator's dispatcher thread, which lives as long as it.)"""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent_pid and os.getppid() != parent_pid:
        os._exit(0)


def become_subreaper() -> None:
    """Linux: orphaned descendants become this process's children, so none escapes `left_behind`."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass  # elsewhere the parent's kill of the process group is what stops forks
