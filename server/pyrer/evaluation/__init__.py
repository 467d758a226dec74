"""Evaluation of package.py files by rez itself, in a worker process with limits, cached.

Code in a package.py never runs in the calling process: `Evaluator` hands each file to a worker
(`python -m pyrer.evaluation.worker`) that loads it with rez's own loaders, and returns a plain
`EvaluatedPackage` or an `EvaluationFailure`. The caller decides which files may be evaluated.

    with Evaluator(time_limit=5.0) as evaluator:
        result = evaluator.developer_package("/src/foo/package.py", text=unsaved_buffer)
        results = evaluator.repository_packages(paths, repository="/studio/packages")
"""

from pyrer.evaluation.pool import Evaluation, Evaluator, EvaluatorStats
from pyrer.evaluation.protocol import (
    DEVELOPER,
    REASONS,
    REPOSITORY,
    EvaluatedPackage,
    EvaluationFailure,
    EvaluationResult,
)

__all__ = [
    "Evaluator",
    "Evaluation",
    "EvaluatorStats",
    "EvaluatedPackage",
    "EvaluationFailure",
    "EvaluationResult",
    "DEVELOPER",
    "REPOSITORY",
    "REASONS",
]
