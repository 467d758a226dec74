"""Helpers shared by the benchmark scripts (stdlib only: also imported under PyPI's pyrer venv)."""
import datetime
import json
import math
import os
import platform
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs", "benchmarks.md")
IMAGES = os.path.join(ROOT, "docs", "images")
PYPI_SPEC = "pyrer==1.0.0rc3"
DEFAULT_PYPI_PYTHON = "/tmp/pypi-pyrer/bin/python"
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "pyrer-bench")
CACHE_VENV = os.path.join(CACHE, "pypi-venv")


def rss_mb(field="VmHWM"):
    """Peak (VmHWM) or current (VmRSS) resident memory of this process, in MiB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def stats(xs):
    """total, median, p95 (nearest rank) and max of a list of numbers (None entries ignored)."""
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return {"total": None, "median": None, "p95": None, "max": None}
    n = len(xs)
    median = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return {"total": sum(xs), "median": median, "p95": xs[max(0, math.ceil(0.95 * n) - 1)],
            "max": xs[-1]}


def fmt(x, digits=3):
    """A number with `digits` significant figures, or a dash."""
    if x is None:
        return "—"
    return ("%." + str(digits) + "g") % x if abs(x) < 10 ** (digits - 1) else "%.0f" % x


def variant_str(name, version, index):
    """rez's str(PackageVariant): 'foo-1.0[2]', 'foo-1.0[]', unversioned 'nada[]'."""
    return "%s[%s]" % ("%s-%s" % (name, version) if version else name, "" if index is None else index)


def pypi_python(explicit=None):
    """An interpreter with PyPI's pyrer 1.0.0rc3: `explicit`, /tmp/pypi-pyrer, or a venv created
    in ~/.cache/pyrer-bench; None (with a message) when none can be had."""
    if explicit:
        return explicit if os.path.exists(explicit) else None
    if os.path.exists(DEFAULT_PYPI_PYTHON):
        return DEFAULT_PYPI_PYTHON
    py = os.path.join(CACHE_VENV, "bin", "python")
    if not os.path.exists(py):
        print("creating %s with %s ..." % (CACHE_VENV, PYPI_SPEC), file=sys.stderr)
        try:
            subprocess.run(["python3", "-m", "venv", CACHE_VENV], check=True)
            subprocess.run([py, "-m", "pip", "install", "-q", PYPI_SPEC], check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            print("cannot set up PyPI's pyrer (%s): skipping it" % e, file=sys.stderr)
            return None
    return py


def run_worker(python, script, argv):
    """Run `script --worker ...` under `python`; the worker writes JSON to the file named by --out."""
    import tempfile
    fd, out = tempfile.mkstemp(prefix="pyrer-bench-", suffix=".json")
    os.close(fd)
    try:
        proc = subprocess.run([python, script] + argv + ["--out", out])
        if proc.returncode != 0:
            print("worker %s %s failed (exit %d)" % (python, argv[:2], proc.returncode), file=sys.stderr)
            return None
        with open(out) as f:
            return json.load(f)
    finally:
        os.unlink(out)


def machine_info():
    """nproc, CPU model, date, Python, platform and the git commit of the working tree."""
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    return {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "cpu": cpu, "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "python": platform.python_version(), "platform": platform.platform(), "commit": commit or "?"}


def machine_md(cmd):
    """Markdown lines describing the machine and the command that produced the numbers."""
    m = machine_info()
    return ["- machine: %s, %s cores (nproc), %s" % (m["cpu"], m["nproc"], m["platform"]),
            "- date: %s; Python %s; pyrer working tree at `%s`" % (m["date"], m["python"], m["commit"]),
            "- command: `%s`" % cmd]


def command_line():
    """The command line of this run, relative to the repository root."""
    script = os.path.relpath(os.path.abspath(sys.argv[0]), ROOT)
    return " ".join(["python", script] + [shlex.quote(a) for a in sys.argv[1:]])


def write_section(key, text):
    """Replace (or append) the section between <!-- key --> markers in docs/benchmarks.md."""
    begin, end = "<!-- %s -->" % key, "<!-- /%s -->" % key
    doc = "# Benchmarks\n\nWritten by the scripts in `benchmarks/` (see `benchmarks/README.md`).\n"
    if os.path.exists(DOCS):
        with open(DOCS) as f:
            doc = f.read()
    block = "%s\n%s\n%s" % (begin, text.strip(), end)
    if begin in doc and end in doc:
        doc = doc[:doc.index(begin)] + block + doc[doc.index(end) + len(end):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    with open(DOCS, "w") as f:
        f.write(doc)
    print("wrote %s" % DOCS)


def pyplot():
    """matplotlib's pyplot on a file backend, or None (with a note) when matplotlib is absent."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot (pip install matplotlib)", file=sys.stderr)
        return None
    return plt


def save_figure(fig, path):
    """Lay out and write a matplotlib figure as a PNG, creating its folder."""
    fig.tight_layout()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fig.savefig(path, dpi=110)
    print("wrote %s" % path)
