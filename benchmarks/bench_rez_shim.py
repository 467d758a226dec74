"""rez with and without the pyrer shim on rez's 188-request benchmark: contexts, `rez env`, slow reads.

Three measurements, each checked for identical answers before any time is printed:

1. `ResolvedContext` in one process, plain rez against the shim (empty, then warm persistent
   cache); rez's in-process repository caches are cleared before every resolve, as in a fresh
   process.
2. The real `rez env REQUEST -- printenv` command, plain and with PYRER_REZ_SHIM=1 (the benchmark
   repository unpacked to a temp dir, REZ_PACKAGES_PATH pointing at it, the benchmark's own
   weak requests as implicit packages): wall time per command, environments compared.
3. A slow file system, modelled by a delay per package file read: pyrer's eager load of the whole
   repository, its lazy loader without and with the persistent cache, and rez's own loader.

    python benchmarks/bench_rez_shim.py            # a sample of requests (a few minutes)
    python benchmarks/bench_rez_shim.py --all      # all 188 requests in part 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PTH = os.path.join(os.path.dirname(HERE), "server", "pyrer.data", "purelib", "pyrer_rez_shim.pth")
IMPLICITS = ["~diam==linux", "~understatement==x86_64", "~aftershave==CentOS-7"]
VOLATILE = ("REZ_RXT_FILE", "REZ_CONTEXT_FILE", "REZ_SHELL_INIT_TIMESTAMP", "REZ_USED_TIMESTAMP", "PYRER_REZ_SHIM", "_")


def rez_data() -> str:
    import rez

    return os.path.join(os.path.dirname(rez.__file__), "data", "benchmarking")


def unpack(workdir: str) -> str:
    with tarfile.open(os.path.join(rez_data(), "packages.tar.gz")) as tar:
        tar.extractall(workdir)
    return os.path.join(workdir, "packages")


def labels(variants) -> list:
    return [v.qualified_name + "[%s]" % ("" if v.index is None else v.index) for v in variants or []]


def clear_rez_caches() -> None:
    from rez.package_repository import package_repository_manager

    package_repository_manager.clear_caches()


# -- 1. ResolvedContext ------------------------------------------------------------------------

def bench_contexts(repo: str, requests: list, indices: list, workdir: str) -> None:
    from rez.resolved_context import ResolvedContext

    from pyrer.rez import shim

    def resolve(request):
        clear_rez_caches()
        t = time.perf_counter()
        ctx = ResolvedContext(request, package_paths=[repo], add_implicit_packages=False)
        return ctx, time.perf_counter() - t

    totals = {"rez": 0.0, "cold": 0.0, "warm": 0.0}
    fell_back = 0
    for i in indices:
        plain, t_rez = resolve(requests[i])
        os.environ["PYRER_CACHE_DIR"] = os.path.join(workdir, "cache-context-%d" % i)  # empty: a first run
        shim.install()
        try:
            cold, t_cold = resolve(requests[i])
            used = shim.last_outcome.used_pyrer
            warm, t_warm = resolve(requests[i])
            t_warm = min(t_warm, resolve(requests[i])[1])  # best of two: the machine is shared
        finally:
            shim.uninstall()
        if not (labels(plain.resolved_packages) == labels(cold.resolved_packages) == labels(warm.resolved_packages)):
            raise SystemExit("request %d: the shim's resolve differs from rez's" % i)
        fell_back += not used
        totals["rez"] += t_rez
        totals["cold"] += t_cold
        totals["warm"] += t_warm
        print("  #%-3d rez %7.3fs   shim %7.3fs empty cache, %7.3fs warm   (x%.1f, x%.1f)" % (
            i, t_rez, t_cold, t_warm, t_rez / t_cold, t_rez / t_warm))
    print("  %d contexts, identical resolves%s" % (len(indices), "" if not fell_back else
                                                   " (%d left to rez's solver: failed resolves)" % fell_back))
    print("  total: rez %.2fs; shim %.2fs with an empty persistent cache (x%.1f), %.2fs warm (x%.1f)" % (
        totals["rez"], totals["cold"], totals["rez"] / totals["cold"], totals["warm"], totals["rez"] / totals["warm"]))


# -- 2. rez env --------------------------------------------------------------------------------

def cli_env(workdir: str, repo: str, shim: bool) -> dict:
    config = os.path.join(workdir, "rezconfig.py")
    with open(config, "w") as f:
        f.write("implicit_packages = %r\n" % IMPLICITS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REZ_", "PYRER_"))}
    env.update(REZ_CONFIG_FILE=config, REZ_DISABLE_HOME_CONFIG="1", REZ_PACKAGES_PATH=repo,
               PYRER_REZ_SHIM="1" if shim else "0", PYRER_CACHE_DIR=os.path.join(workdir, "cache"))
    if not os.path.isfile(os.path.join(sysconfig.get_paths()["purelib"], "pyrer_rez_shim.pth")):
        # an editable install: load the shipped .pth through a sitecustomize (for both runs)
        site_dir, hook_dir = os.path.join(workdir, "site"), os.path.join(workdir, "hook")
        os.makedirs(site_dir, exist_ok=True)
        os.makedirs(hook_dir, exist_ok=True)
        shutil.copy(PTH, site_dir)
        with open(os.path.join(hook_dir, "sitecustomize.py"), "w") as f:
            f.write("import site\nsite.addsitedir(%r)\n" % site_dir)
        env["PYTHONPATH"] = hook_dir
    return env


def run_rez_env(request: list, env: dict) -> tuple:
    rez = os.path.join(os.path.dirname(sys.executable), "rez")
    t = time.perf_counter()
    proc = subprocess.run([rez, "env"] + request + ["--", "printenv"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit("rez env %s failed:\n%s" % (" ".join(request), proc.stderr))
    variables = dict(line.partition("=")[::2] for line in proc.stdout.splitlines() if "=" in line)
    return {k: v for k, v in variables.items() if k not in VOLATILE}, elapsed


def bench_rez_env(workdir: str, repo: str, requests: list, indices: list) -> None:
    plain_env, shim_env = cli_env(workdir, repo, False), cli_env(workdir, repo, True)
    totals = [0.0, 0.0, 0.0]
    for i in indices:
        request = requests[i][3:]  # the benchmark's own weak requests come in as implicit packages
        env_plain, t_plain = run_rez_env(request, plain_env)
        env_cold, t_cold = run_rez_env(request, shim_env)
        env_warm, t_warm = run_rez_env(request, shim_env)
        if not (env_plain == env_cold == env_warm):
            raise SystemExit("request %d: rez env gives a different environment with the shim" % i)
        for k, t in enumerate((t_plain, t_cold, t_warm)):
            totals[k] += t
        print("  #%-3d rez env %6.2fs   with shim %6.2fs first run, %6.2fs again   (x%.1f)   %d packages" % (
            i, t_plain, t_cold, t_warm, t_plain / t_warm, len(env_plain["REZ_USED_RESOLVE"].split())))
    print("  identical environments (printenv, REZ_USED_RESOLVE)")
    print("  total: rez env %.2fs; with the shim %.2fs first run (x%.1f), %.2fs again (x%.1f)" % (
        totals[0], totals[1], totals[0] / totals[1], totals[2], totals[0] / totals[2]))


# -- 3. slow reads -----------------------------------------------------------------------------

def bench_slow_reads(repo: str, requests: list, indices: list, delay: float, workdir: str) -> None:
    import pyrer
    from pyrer.rez import PackageFileCache, RezFamilyLoader, packages_from_rez
    from pyrer.rez.loader import read_package_file

    reads = [0]

    def slow_read(path):
        reads[0] += 1
        time.sleep(delay)
        return read_package_file(path)

    clear_rez_caches()
    t = time.perf_counter()
    everything = pyrer.Repository(packages_from_rez([repo], cache=None, read_file=slow_read))
    t_eager = time.perf_counter() - t
    eager_reads = reads[0]
    print("  eager load of the whole repository: %d files read, %.2fs (once per process)" % (eager_reads, t_eager))

    import rezplugins.package_repository.filesystem as fs
    from rez.solver import Solver
    from rez.version import Requirement

    original = fs.load_from_file
    rez_reads = [0]

    def slow_rez_load(*args, **kwargs):
        rez_reads[0] += 1
        time.sleep(delay)
        return original(*args, **kwargs)

    totals = {"eager": t_eager, "lazy": 0.0, "cold": 0.0, "warm": 0.0, "rez": 0.0}
    print("  %-5s %17s %22s %22s %22s" % ("", "eager (solve)", "lazy, no cache", "lazy, cache empty", "lazy, cache warm"))
    for i in indices:
        t = time.perf_counter()
        expected = pyrer.solve(requests[i], everything)
        t_solve = time.perf_counter() - t
        row = []
        cache = PackageFileCache(os.path.join(workdir, "slow-cache-%d" % i))  # empty, then warm
        for label, use_cache in (("lazy", None), ("cold", cache), ("warm", cache)):
            clear_rez_caches()
            reads[0] = 0
            loader = RezFamilyLoader([repo], cache=use_cache, read_file=slow_read)
            t = time.perf_counter()
            result = pyrer.solve(requests[i], load_family=loader.load_family)
            loader.flush()
            elapsed = time.perf_counter() - t
            if [str(v) for v in result.resolved_packages] != [str(v) for v in expected.resolved_packages]:
                raise SystemExit("request %d: lazy and eager loads disagree" % i)
            totals[label] += elapsed
            row.append("%6d reads %6.2fs" % (reads[0], elapsed))
        clear_rez_caches()
        rez_reads[0] = 0
        fs.load_from_file = slow_rez_load
        try:
            t = time.perf_counter()
            solver = Solver([Requirement(r) for r in requests[i]], [repo])
            solver.solve()
            t_rez = time.perf_counter() - t
        finally:
            fs.load_from_file = original
        totals["rez"] += t_rez
        print("  #%-3d %10.3fs solve %s   rez: %d reads %.2fs" % (i, t_solve, "  ".join(row), rez_reads[0], t_rez))
    n = len(indices)
    eager = totals["eager"] * n  # every rez process would pay the eager load again
    print("  %d requests at %.1f ms per file read, one process each: eager load %.2fs; lazy %.2fs; lazy with the "
          "persistent cache %.2fs (empty), %.2fs (warm); rez's own loading and solving %.2fs" % (
              n, delay * 1000, eager, totals["lazy"], totals["cold"], totals["warm"], totals["rez"]))
    print("  lazy over eager: x%.1f; warm cache over no cache: x%.1f; pyrer lazy+warm cache over rez: x%.1f" % (
        eager / totals["lazy"], totals["lazy"] / totals["warm"], totals["rez"] / totals["warm"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--all", action="store_true", help="all 188 requests in part 1")
    parser.add_argument("--step", type=int, default=8, help="every Nth request in part 1 (default 8)")
    parser.add_argument("--env-requests", default="0,40,100,152", help="requests for part 2 (rez env)")
    parser.add_argument("--slow-requests", default="0,60,120,152", help="requests for part 3 (slow reads)")
    parser.add_argument("--read-delay-ms", type=float, default=1.0, help="delay per file read in part 3")
    parser.add_argument("--skip", default="", help="parts to skip, e.g. 1,3")
    args = parser.parse_args()

    with open(os.path.join(rez_data(), "requests.json")) as f:
        requests = json.load(f)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    workdir = tempfile.mkdtemp(prefix="bench-rez-shim-")
    os.environ["PYRER_CACHE_DIR"] = os.path.join(workdir, "cache-contexts")
    try:
        repo = unpack(workdir)
        from rez.config import _create_locked_config, config

        config._swap(_create_locked_config({"packages_path": [repo], "implicit_packages": []}))
        if "1" not in skip:
            indices = list(range(188)) if args.all else list(range(0, 188, args.step))
            print("1. ResolvedContext, plain rez vs the shim (%d requests)" % len(indices))
            bench_contexts(repo, requests, indices, workdir)
        if "2" not in skip:
            print("2. rez env REQUEST -- printenv")
            bench_rez_env(workdir, repo, requests, [int(x) for x in args.env_requests.split(",")])
        if "3" not in skip:
            print("3. slow file system (%.1f ms per package file read)" % args.read_delay_ms)
            bench_slow_reads(repo, requests, [int(x) for x in args.slow_requests.split(",")],
                             args.read_delay_ms / 1000.0, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
