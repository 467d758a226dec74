"""pyrer under an address-space limit (`ulimit -v`, RLIMIT_AS: the evaluation worker, farm jobs): importing it and
solving must leave the process its memory (the extension's allocator reserves address space in small steps)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

LIMIT_MIB = 768

SCRIPT = textwrap.dedent("""
    import re, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit} << 20, {limit} << 20))
    import pyrer
    pyrer.Version("1.0.0")
    repo = [pyrer.PackageData("a", "%d" % i, ["b-%d" % (i % 7)], None) for i in range(200)]
    repo += [pyrer.PackageData("b", "%d" % i, [], None) for i in range(7)]
    assert pyrer.solve(["a"], repo).status == "solved"
    size = int(re.search(r"VmSize:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) >> 10
    held = [bytearray(1 << 20) for _ in range({limit} - size - 64)]  # all but 64 MiB of what is left
    print(size, len(held))
""")


def test_import_and_solve_leave_the_address_space_to_the_process():
    run = subprocess.run([sys.executable, "-c", SCRIPT.format(limit=LIMIT_MIB)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    size, held = map(int, run.stdout.split())
    assert size < 400, "pyrer's process holds %d MiB of address space after a solve" % size
    assert held > 0
