"""Generate a studio, ask rez and pyrer in one child process under its rezconfig, and list their disagreements."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Dict, List, Optional

from tests.studio.studio_gen import StudioSetup, generate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ask(setup: StudioSetup, extra_env: Optional[Dict[str, str]] = None, saved_contexts: str = "") -> dict:
    """rez's and pyrer's answers for the set-up, computed in a child process that reads its rezconfig
    (`saved_contexts`: a folder where rez saves its contexts for pyrer to check instead)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
    env.update({"REZ_CONFIG_FILE": setup.config_path, "REZ_DISABLE_HOME_CONFIG": "1",
                "PYRER_CACHE_DIR": os.path.join(setup.root, ".pyrer-cache"),
                "PYTHONPATH": os.pathsep.join([ROOT] + [p for p in [env.get("PYTHONPATH")] if p])})
    env.update(extra_env or {})
    spec = json.dumps({"requests": setup.requests, "developer": setup.developer, "saved_contexts": saved_contexts})
    proc = subprocess.run([sys.executable, "-m", "tests.studio.oracle"], input=spec, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError("oracle failed: %s" % proc.stderr[-3000:])
    answer = json.loads(proc.stdout)
    if "crash" in answer:
        raise RuntimeError(answer["crash"])
    return answer


def _same(rez: dict, ours: dict) -> bool:
    if rez["status"] != ours["status"]:
        return False
    return rez["status"] != "solved" or rez["resolved"] == ours["resolved"]


def disagreements(setup: StudioSetup, answer: dict) -> List[str]:
    """One line per context where pyrer's answer is not rez's."""
    rez, ours = answer["rez"], answer["pyrer"]
    out = []
    for kind in ("requests", "building"):
        for request, a, b in zip(setup.requests, rez[kind], ours[kind]):
            if not _same(a, b):
                out.append("%s %s: rez %s, pyrer %s" % (kind, " ".join(request), a, b))
    for folder, contexts in rez.get("tests", {}).items():
        mine = ours.get("tests", {}).get(folder, {})
        for key, a in contexts.items():
            b = mine.get(key)
            if b is None and any(k.startswith(key + " ") for k in mine):
                continue  # the resolve rez-test makes to pick a variant: pyrer's choice shows in the contexts it made
            if b is None:
                out.append("%s test context %s: pyrer has no such context (it has %s)" % (folder, key, sorted(mine)))
            elif not _same(a, b):
                out.append("%s test context %s: rez %s, pyrer %s" % (folder, key, a, b))
    for folder, contexts in rez["developer"].items():
        mine = ours["developer"].get(folder, {})
        for label, a in contexts.items():
            b = mine.get(label)
            if b is None:
                out.append("%s %s: pyrer has no such context (it has %s)" % (folder, label, sorted(mine)))
            elif not _same(a, b):
                out.append("%s %s: rez %s, pyrer %s" % (folder, label, a, b))
    return out


def run_case(tmp: str, seed: int, settings: Optional[List[str]] = None, computed: bool = False) -> List[str]:
    setup = generate(tmp, seed, settings, computed)
    return ["seed %d %s: %s" % (seed, setup.settings, line) for line in disagreements(setup, ask(setup))]
