"""What the evaluator and its worker exchange: plain dataclasses and their one-line JSON encoding.

Every message is one JSON object on one line (UTF-8), sent over a pipe of its own, never over the
worker's stdout/stderr. Parent to worker: `evaluate` requests. Worker to parent: one `ready` (or
`unavailable`) after start-up, then exactly one `result` or `failure` per request, in order.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional, Tuple, Union

# What is evaluated: the package being edited (rez's developer-package loading: `@early` evaluated,
# wildcard requirements expanded, `package_preprocess_function` applied) or a package on a
# packages path (rez's filesystem repository loading, as `rez env` reads it).
DEVELOPER = "developer"
REPOSITORY = "repository"
KINDS = (DEVELOPER, REPOSITORY)

# Why an evaluation failed (EvaluationFailure.reason).
ERROR = "error"  # rez (or the package's code) raised: the message is the exception, in one line
MEMORY = "memory"  # the memory limit was hit
TIMEOUT = "timeout"  # the time limit was hit: the worker was killed
EXITED = "exited"  # the worker process exited or was killed by a signal during the evaluation
TOO_LARGE = "too-large"  # the result does not fit in one message
PROTOCOL = "protocol"  # the worker sent something that is not the expected message
CANCELLED = "cancelled"  # the caller cancelled it
UNAVAILABLE = "unavailable"  # no worker: rez not importable, rez's configuration broken, no start
REASONS = (ERROR, MEMORY, TIMEOUT, EXITED, TOO_LARGE, PROTOCOL, CANCELLED, UNAVAILABLE)

# Failures that say something about the file itself (the same input fails the same way), so they
# may be cached like results. The others depend on the machine, the moment or the caller.
DETERMINISTIC_REASONS = (ERROR, TOO_LARGE)

# Requirement-like fields, in the order rez's package schema lists them.
LIST_FIELDS = ("requires", "build_requires", "private_build_requires")
# Fields rez allows to be `@late` functions: their value depends on the resolve's context.
LATE_FIELDS = LIST_FIELDS + ("tests",)


@dataclass
class EvaluatedPackage:
    """A package definition as rez loads it, every value JSON-able (requirements as strings).

    `requires`, `build_requires`, `private_build_requires` and `tests` are None when the package
    defines them as `@late` functions (listed in `late`): rez evaluates those in the resolve's
    context only. `warnings` holds what rez logged as a warning or error while loading (for example
    a `package_preprocess_function` that raised, which rez reports and then ignores).
    """

    path: str
    kind: str
    name: str
    version: str = ""
    requires: Optional[List[str]] = field(default_factory=list)
    build_requires: Optional[List[str]] = field(default_factory=list)
    private_build_requires: Optional[List[str]] = field(default_factory=list)
    variants: List[List[str]] = field(default_factory=list)
    tests: Optional[Dict[str, Any]] = field(default_factory=dict)
    timestamp: Optional[int] = None
    late: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)

    ok = True

    def to_json(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "EvaluatedPackage":
        return cls(**{k: data[k] for k in _PACKAGE_KEYS if k in data})


@dataclass
class EvaluationFailure:
    """Why a package could not be evaluated, as data: `reason` (one of `REASONS`) and a one-line
    `message` ("NameError: name 'foo' is not defined (package.py, line 12)", "timed out after 5 s");
    `line` is the 1-based line of the package file the error points at, when it points at one."""

    path: str
    kind: str
    reason: str
    message: str
    line: Optional[int] = None

    ok = False

    def __str__(self) -> str:
        return self.message

    def to_json(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "EvaluationFailure":
        return cls(**{k: data[k] for k in _FAILURE_KEYS if k in data})


EvaluationResult = Union[EvaluatedPackage, EvaluationFailure]

_PACKAGE_KEYS = tuple(EvaluatedPackage.__dataclass_fields__)
_FAILURE_KEYS = tuple(EvaluationFailure.__dataclass_fields__)

# A file or folder an evaluation read, with its stamp ("missing" when it does not exist): the
# result stays valid only while every one is unchanged.
Dependency = Tuple[str, str]


@dataclass
class EvaluationRequest:
    """One file to evaluate. `text` (an unsaved buffer) replaces the file's content, the file
    still being loaded as if at `path`; `repository` is the packages path a repository package is
    in (default: three levels up, `<repository>/<family>/<version>/package.py`)."""

    id: int
    kind: str
    path: str
    text: Optional[str] = None
    repository: Optional[str] = None

    def to_json(self) -> Dict[str, Any]:
        return {"type": "evaluate", **asdict(self)}


@dataclass
class EvaluationReply:
    """The worker's answer to one request: the result, what it read (`dependencies`), whether it
    ran another program (`volatile`: its answer may change without any file changing), and whether
    the worker must be replaced before the next request (`recycle`: it left processes or threads
    behind, or ran out of memory)."""

    id: int
    result: EvaluationResult
    dependencies: List[Dependency] = field(default_factory=list)
    volatile: bool = False
    recycle: bool = False

    def to_json(self) -> Dict[str, Any]:
        kind = "result" if self.result.ok else "failure"
        return {
            "type": kind,
            "id": self.id,
            kind: self.result.to_json(),
            "dependencies": [list(d) for d in self.dependencies],
            "volatile": self.volatile,
            "recycle": self.recycle,
        }

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "EvaluationReply":
        kind = data["type"]
        if kind == "result":
            result: EvaluationResult = EvaluatedPackage.from_json(data["result"])
        elif kind == "failure":
            result = EvaluationFailure.from_json(data["failure"])
        else:
            raise ValueError("not a reply: %r" % kind)
        return cls(
            id=int(data["id"]),
            result=result,
            dependencies=[(str(p), str(s)) for p, s in data.get("dependencies", [])],
            volatile=bool(data.get("volatile", False)),
            recycle=bool(data.get("recycle", False)),
        )


def encode(message: Dict[str, Any]) -> bytes:
    """One message as one line (JSON escapes every newline inside strings)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def decode(line: bytes) -> Dict[str, Any]:
    """One line back into a message; ValueError when it is not a JSON object."""
    message = json.loads(line.decode("utf-8"))
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ValueError("not a message")
    return message


def format_bytes(n: int) -> str:
    """A size as people write limits: "1 GiB", "512 MiB", "1.5 GiB", "900 bytes"."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return "%s %s" % (("%.1f" % (n / size)).rstrip("0").rstrip("."), unit)
    return "%d bytes" % n
