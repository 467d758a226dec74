"""Writes tests/golden/rez_test_packages.json: rez's solver test repository, loaded through rez."""

from __future__ import annotations

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.differential.rez_oracle import load_packages  # noqa: E402


def main(argv=None) -> int:
    import rez
    from rez.config import _create_locked_config, config

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "golden", "rez_test_packages.json"))
    args = parser.parse_args(argv)

    config._swap(_create_locked_config({}))
    src = os.path.join(os.path.dirname(rez.__file__), "data", "tests", "solver", "packages")
    packages = load_packages(src)
    with open(args.out, "w") as f:
        f.write('{"source": %s,\n "fields": ["name", "version", "requires", "variants"],\n'
                ' "packages": [\n' % json.dumps("rez %s: rez/data/tests/solver/packages" % rez.__version__))
        f.write(",\n".join("  " + json.dumps(p) for p in packages))
        f.write("\n]}\n")
    print("wrote %d packages to %s" % (len(packages), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
