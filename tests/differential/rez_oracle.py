"""Runs rez 3.4.0's own Solver on a repository and summarises the outcome as plain data."""

from __future__ import annotations

import contextlib
import io
import itertools
import time
import uuid

MODES = ("version_priority", "intersection_priority")

# Outcome: a dict with the same keys for rez and for pyrer, so they compare directly.
#   status      "solved" | "failed" | "error"
#   resolved    ["name-version[index]", ...] in rez's resolved_packages order ([] unless solved)
#   ephemerals  [str(requirement), ...] in rez's resolved_ephemerals order ([] unless solved)
#   num_solves  rez's Solver.num_solves (None when the Solver constructor raised)
#   failure_type  type name of the failure reason, or of the exception raised
#   failure     str() of the failure reason, or the exception message
#   time_s      wall time of Solver construction + solve()


def variant_str(name: str, version: str, index) -> str:
    """rez's str(PackageVariant): 'foo-1.0[2]', 'foo-1.0[]', unversioned 'nada[]'."""
    qualified = f"{name}-{version}" if version else name
    return f"{qualified}[{'' if index is None else index}]"


def memory_repo_data(repo: dict, timestamps: dict = None) -> dict:
    """Convert {family: [(version, requires, variants), ...]} to rez's memory-repository layout;
    `timestamps` ({family: {version: int-or-None}}) sets the packages' release times."""
    data = {}
    for family, packages in repo.items():
        entries = {}
        if len(packages) > 1 and any(not p[0] for p in packages):
            raise ValueError("family %r: an unversioned package must be its family's only one" % family)
        for version, requires, variants in packages:
            pkg = {"name": family}
            if version:
                pkg["version"] = version
            if requires:
                pkg["requires"] = list(requires)
            if variants is not None:
                pkg["variants"] = [list(v) for v in variants]
            stamp = (timestamps or {}).get(family, {}).get(version)
            if stamp is not None:
                pkg["timestamp"] = stamp
            entries[version or "_NO_VERSION"] = pkg
        data[family] = entries
    return data


class RezOracle:
    """Context manager that shields rez from user config and solves requests with rez's Solver."""

    def __init__(self, clear_every: int = 200):
        self._locked = None
        self._count = itertools.count()
        self._clear_every = clear_every

    def __enter__(self) -> "RezOracle":
        from rez.config import _create_locked_config, config

        self._locked = _create_locked_config({})
        config._swap(self._locked)
        return self

    def __exit__(self, *exc) -> None:
        from rez.config import config
        from rez.package_repository import package_repository_manager

        config._swap(self._locked)
        self._locked = None
        package_repository_manager.clear_caches()

    def solve(self, requests, package_paths, mode="version_priority",
              error_on_missing_variant_requires=True, orderers=None, package_filter=None) -> dict:
        """Solve `requests` (list of str) against `package_paths` in the given variant mode;
        `orderers` and `package_filter` are rez's POD forms (None: none). rez's soft_timestamp
        orderer lists families on `packages_path`, so that is set to `package_paths` too."""
        from rez.config import config

        if mode not in MODES:
            raise ValueError(mode)
        config.override("variant_select_mode", mode)
        config.override("error_on_missing_variant_requires", error_on_missing_variant_requires)
        if orderers is not None:
            config.override("packages_path", list(package_paths))
        try:
            return self._solve(requests, package_paths, orderers, package_filter)
        finally:  # leave rez's defaults in place for anything else running in this process
            config.remove_override("variant_select_mode")
            config.remove_override("error_on_missing_variant_requires")
            if orderers is not None:
                config.remove_override("packages_path")

    def _solve(self, requests, package_paths, orderers=None, package_filter=None) -> dict:
        from rez.package_filter import PackageFilterList
        from rez.package_order import PackageOrderList
        from rez.solver import Solver, SolverStatus
        from rez.version import Requirement

        out = {"status": None, "resolved": [], "ephemerals": [], "num_solves": None,
               "failure_type": None, "failure": None, "time_s": None}
        solver = None
        t0 = time.perf_counter()
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                solver = Solver([Requirement(r) for r in requests], list(package_paths),
                                building=False, optimised=True,
                                package_orderers=None if orderers is None
                                else PackageOrderList.from_pod(orderers),
                                package_filter=None if package_filter is None
                                else PackageFilterList.from_pod(package_filter))
                solver.solve()
        except Exception as e:  # rez aborts the solve: status "error"
            out["time_s"] = time.perf_counter() - t0
            out.update(status="error", failure_type=type(e).__name__, failure=str(e))
            if solver is not None:
                out["num_solves"] = solver.num_solves
            return out
        out["time_s"] = time.perf_counter() - t0
        out["num_solves"] = solver.num_solves
        if solver.status == SolverStatus.solved:
            out["status"] = "solved"
            out["resolved"] = [str(v) for v in solver.resolved_packages]
            out["ephemerals"] = [str(r) for r in solver.resolved_ephemerals]
        elif solver.status == SolverStatus.failed:
            reason = solver.failure_reason()
            out["status"] = "failed"
            out["failure_type"] = type(reason).__name__ if reason is not None else None
            out["failure"] = str(reason) if reason is not None else solver.failure_description()
        else:  # cannot happen without a callback
            out["status"] = "error"
            out["failure_type"] = "UnexpectedStatus"
            out["failure"] = str(solver.status)
        return out

    def memory_repo(self, repo: dict, timestamps: dict = None) -> str:
        """A fresh rez memory repository holding `repo`; returns its path."""
        from rez.package_repository import package_repository_manager

        n = next(self._count)
        if n and n % self._clear_every == 0:
            package_repository_manager.clear_caches()
        path = f"memory@pyrer-oracle-{uuid.uuid4().hex}"
        package_repository_manager.get_repository(path).data = memory_repo_data(repo, timestamps)
        return path

    def solve_memory(self, repo: dict, requests, mode="version_priority",
                     error_on_missing_variant_requires=True, orderers=None, package_filter=None,
                     timestamps=None) -> dict:
        """Solve against an in-memory repository {family: [(version, requires, variants), ...]}."""
        path = self.memory_repo(repo, timestamps)
        out = self.solve(requests, [path], mode, error_on_missing_variant_requires, orderers,
                         package_filter)
        if out["failure"]:
            out["failure"] = out["failure"].replace(path, "memory@repo")
        return out

    def excluded(self, repo: dict, package_filter, timestamps: dict = None) -> set:
        """{(family, version)} that rez's `package_filter` (POD form) hides in `repo`."""
        from rez.package_filter import PackageFilterList
        from rez.packages import iter_packages

        flt = PackageFilterList.from_pod(package_filter)
        path = self.memory_repo(repo, timestamps)
        out = set()
        for family in repo:
            for pkg in iter_packages(family, paths=[path]):
                if flt.excludes(pkg):
                    out.add((family, str(pkg.version)))
        return out


def load_packages(path: str) -> list:
    """Every package under `path` as [name, version, requires, variants-or-None], via rez's loader,
    sorted by family name then rez version order."""
    from rez.packages import iter_package_families
    from rez.version import Version

    out = []
    for family in iter_package_families(paths=[path]):
        for pkg in family.iter_packages():
            requires = [str(r) for r in (pkg.requires or [])]
            variants = None if pkg.variants is None else [[str(r) for r in v] for v in pkg.variants]
            out.append([pkg.name, str(pkg.version), requires, variants])
    return sorted(out, key=lambda p: (p[0], Version(p[1])))


def rez_available() -> bool:
    """True when rez 3.x can be imported."""
    try:
        import rez.solver  # noqa: F401
    except Exception:
        return False
    return True
