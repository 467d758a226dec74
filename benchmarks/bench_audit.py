"""`pyrer check` and `pyrer impact` on rez's benchmark repository (18,226 package.py files): cold, warm, after one
edit, one shard of four, the release impact of a new version of a widely required family, and memory."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from _common import command_line, fmt, machine_md, write_section
from bench_solver import benchmark_repo

PYRER = [sys.executable, "-m", "pyrer"]


def _tree(pid):
    """`pid` and every process below it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open("/proc/%d/task/%d/children" % (p, p)) as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _pss_kb(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(argv, cwd=None):
    """Run `argv` under /usr/bin/time -v; wall, user+sys CPU, the largest process' peak RSS and the peak of the
    whole process tree's proportional set size (workers share the parent's pages), in seconds and MiB."""
    cmd = ["/usr/bin/time", "-v"] + argv
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)[1:]))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    sampler.join()

    def field(name):
        m = re.search(r"%s: ([\d.:]+)" % re.escape(name), err)
        return m.group(1) if m else None

    summary = next((line for line in err.splitlines() if line.startswith("pyrer ")), "")
    return {"wall": wall, "cpu": float(field("User time (seconds)") or 0) + float(field("System time (seconds)") or 0),
            "rss": int(field("Maximum resident set size (kbytes)") or 0) / 1024.0, "pss": peak[0] / 1024.0,
            "exit": proc.returncode, "summary": summary, "load": os.getloadavg()[0]}


def check(repo, cache, jobs, *extra):
    return [*PYRER, "check", repo, "--packages-path", repo, "--no-rez-config", "--no-implicit", "--cache-dir", cache,
            "--jobs", str(jobs), "--no-progress", "--output", os.devnull, *extra]


def edit(path):
    """A real edit of one package.py: a comment line added (its content and stamp change, its findings do not)."""
    with open(path, "a", encoding="utf-8") as f:
        f.write("# edited by bench_audit.py\n")


def impact_summary(row, path, family):
    with open(path, encoding="utf-8") as f:
        found = json.load(f)
    row["summary"] = "%s; %d documents read %s, %d resolves compared" % (
        found["headline"], found["reading"], family, found["contexts"])
    print(row["summary"], file=sys.stderr)


def median_family(cache, repo):
    """The family read by the median number of documents (of those read by any and present in `repo`: a read
    family may be a missing one), from the results cache."""
    import collections
    import sqlite3
    db = sqlite3.connect(os.path.join(cache, "check-results-v3.sqlite"))
    sets = dict(db.execute("SELECT id, names FROM reads"))
    counts = collections.Counter(n for (rid,) in db.execute("SELECT reads FROM results") for n in sets[rid].split("\n")
                                 if n and n != "*" and os.path.isdir(os.path.join(repo, n)))
    ranked = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return ranked[len(ranked) // 2]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--write-docs", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the working copy (printed)")
    a = p.parse_args(argv)
    work = tempfile.mkdtemp(prefix="pyrer-bench-audit-")
    repo = os.path.join(work, "packages")
    shutil.copytree(benchmark_repo(), repo)
    rows = []

    def run(label, argv_):
        r = timed(argv_)
        r["label"] = label
        rows.append(r)
        print("%-48s wall %6.1f s  cpu %6.1f s  rss %5.0f MiB  pss %5.0f MiB  load %.1f  %s" % (
            label, r["wall"], r["cpu"], r["rss"], r["pss"], r["load"], r["summary"]), file=sys.stderr)
        return r

    cache = os.path.join(work, "cache")
    run("cold audit (empty cache)", check(repo, cache, a.jobs))
    run("warm audit (nothing changed)", check(repo, cache, a.jobs))
    family, readers = median_family(cache, repo)
    version = sorted(os.listdir(os.path.join(repo, family)))[0]
    edit(os.path.join(repo, family, version, "package.py"))
    run("after editing %s-%s (a family %d documents read: the median)" % (family, version, readers),
        check(repo, cache, a.jobs))
    edit(os.path.join(repo, "wave", "2.7.13", "package.py"))
    run("after editing wave-2.7.13 (required by most)", check(repo, cache, a.jobs))
    run("cold audit, --jobs 1", check(repo, os.path.join(work, "cache1"), 1))
    run("cold audit, one shard of four (--shard 1/4)", check(repo, os.path.join(work, "cache-s1"), a.jobs,
                                                             "--shard", "1/4", "--save", os.path.join(work, "s1.json")))
    dev = os.path.join(work, "dev", "wave")
    os.makedirs(dev)
    with open(os.path.join(repo, "wave", "2.7.13", "package.py"), encoding="utf-8") as f:
        text = f.read().replace("'2.7.13'", "'2.7.18'")
    with open(os.path.join(dev, "package.py"), "w", encoding="utf-8") as f:
        f.write(text)
    impact = [*PYRER, "impact", os.path.join(dev, "package.py"), "--packages-path", repo, "--no-rez-config",
              "--no-implicit", "--cache-dir", cache, "--jobs", str(a.jobs), "--no-progress", "--format", "json",
              "--output", os.path.join(work, "impact.json")]
    run("impact of wave-2.7.18 (warm cache)", impact)
    impact_summary(rows[-1], os.path.join(work, "impact.json"), "wave")
    # a new version of the median family, above its highest, with the same requirements
    top = sorted(os.listdir(os.path.join(repo, family)), key=lambda v: [int(x) if x.isdigit() else -1
                                                                       for x in re.split(r"[.\-]", v)])[-1]
    dev = os.path.join(work, "dev", family)
    os.makedirs(dev)
    with open(os.path.join(repo, family, top, "package.py"), encoding="utf-8") as f:
        text = f.read().replace("'%s'" % top, "'99.0'")
    with open(os.path.join(dev, "package.py"), "w", encoding="utf-8") as f:
        f.write(text)
    impact[impact.index("impact") + 1] = os.path.join(dev, "package.py")
    run("impact of %s-99.0 (the median family; warm cache)" % family, impact)
    impact_summary(rows[-1], os.path.join(work, "impact.json"), family)
    # memory as the checked part grows: a quarter, half and all of the families as documents
    families = sorted(os.listdir(repo))
    for share in (4, 2, 1):
        part = [os.path.join(repo, f) for f in families[:len(families) // share]]
        run("memory: %d of %d families checked" % (len(part), len(families)),
            [*PYRER, "check", *part, "--packages-path", repo, "--no-rez-config", "--no-implicit", "--no-cache",
             "--jobs", str(a.jobs), "--no-progress", "--output", os.devnull])
    lines = ["## `pyrer check` and `pyrer impact` on rez's benchmark repository", "",
             "18,226 package.py files in 1,266 families, the repository its own packages path (`--no-rez-config "
             "--no-implicit`). Each row is one whole command timed by `/usr/bin/time -v`: wall clock, CPU (user + "
             "system, every process), the largest process' peak RSS, and the peak proportional set size of all its "
             "processes together (workers share the pages they inherit). `load` is the machine's 1-minute load "
             "average when the command ended: this machine is shared, so compare CPU seconds when it is high.", ""]
    lines += machine_md(command_line()) + ["- jobs: %d" % a.jobs, ""]
    lines += ["| run | wall s | CPU s | peak RSS MiB | peak PSS (all processes) MiB | load | result |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append("| %s | %s | %s | %.0f | %.0f | %.1f | %s |" % (r["label"], fmt(r["wall"]), fmt(r["cpu"]),
                                                               r["rss"], r["pss"], r["load"], r["summary"]))
    text = "\n".join(lines)
    print(text)
    if a.write_docs:
        write_section("bench_audit", text)
    if a.keep:
        print("kept %s" % work, file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
