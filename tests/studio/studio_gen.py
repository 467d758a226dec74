"""Seeded studio-shaped set-ups on disk: release and local repositories, a rezconfig, developer packages, requests."""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from typing import Dict, List, Optional

# settings a generated rezconfig may set (each alone and combined)
SETTINGS = ("implicit_packages", "variant_select_mode", "package_filter", "package_orderers",
            "error_on_missing_variant_requires", "local_first")
BASE_FAMILIES = ["python", "maya", "nuke", "houdini", "usd", "boost", "tbb", "openexr", "qt", "pyside",
                 "numpy", "alembic", "cmake", "gcc", "studio_lib", "lighting", "comp_tools", "ocio"]
PYTHONS = ["2.7.18", "3.7.9", "3.9.16", "3.10.11", "3.11.4"]


@dataclass
class StudioSetup:
    """A generated studio: where its repositories are, its rezconfig, and what to resolve."""

    root: str
    release: str
    external: str
    local: str
    config_path: str
    settings: Dict[str, object]
    requests: List[List[str]] = field(default_factory=list)
    developer: List[str] = field(default_factory=list)  # folders holding a package.py to build
    computed: List[str] = field(default_factory=list)  # package.py files whose fields code computes


def _versions(rng: random.Random, n: int) -> List[str]:
    out = set()
    major = rng.randint(1, 5)
    while len(out) < n:
        parts = [major + rng.randint(0, 2), rng.randint(0, 4)]
        if rng.random() < 0.5:
            parts.append(rng.randint(0, 9))
        v = ".".join(map(str, parts))
        if rng.random() < 0.12:
            v += ".beta"
        out.add(v)
    return sorted(out, key=lambda s: [int(x) if x.isdigit() else -1 for x in s.split(".")])


def _req(rng: random.Random, name: str, versions: List[str]) -> str:
    r = rng.random()
    if r < 0.35 or not versions:
        return name
    v = rng.choice(versions)
    short = ".".join(v.split(".")[:rng.choice([1, 2])])
    if r < 0.6:
        return "%s-%s" % (name, short)
    if r < 0.75:
        return "%s-%s+" % (name, short)
    if r < 0.85:
        return "%s<%s" % (name, v)
    return "%s-%s+<%d" % (name, short, int(short.split(".")[0]) + 1)


# ways studios compute fields in package.py (`computed=True`): each rewrites some fields as code rez evaluates
STYLES = ("early_requires", "comprehension", "variants_loop", "early_build_requires", "percent_format",
          "early_this")


def _computed_lines(style: str, data: Dict[str, object]) -> List[str]:
    """The fields `style` computes, as code (rez's value is `data`'s)."""
    requires, variants = data.get("requires") or [], data.get("variants") or []
    if style == "early_requires":
        return ["", "@early()", "def requires():", "    reqs = []  # construit par code — 代码",
                "    for r in %s:" % json.dumps(requires, ensure_ascii=False), "        reqs.append(r)", "    return reqs"]
    if style == "comprehension":
        return ["requires = [r for r in %s if r]" % json.dumps(requires)]
    if style == "variants_loop":
        return ["variants = []", "for _v in %s:" % json.dumps(variants), "    variants.append(list(_v))", "del _v"]
    if style == "early_build_requires":
        return ["", "@early()", "def build_requires():", "    return %s" % json.dumps(data.get("build_requires") or [])]
    if style == "percent_format":
        return ["_reqs = %s" % json.dumps(requires), 'requires = ["%s" % r for r in _reqs]']
    if style == "early_this":  # variants from `this.requires`: rez evaluates them after the module's literals
        return ["requires = %s" % json.dumps(requires), "", "@early()", "def variants():",
                "    return [list(v) for v in %s if this.requires is not None]" % json.dumps(variants)]
    raise ValueError(style)


_COMPUTES = {"early_requires": ("requires",), "comprehension": ("requires",), "variants_loop": ("variants",),
             "early_build_requires": ("build_requires",), "percent_format": ("requires",),
             "early_this": ("requires", "variants")}


def _write_package(folder: str, name: str, version: str, data: Dict[str, object], yaml_format: bool,
                   style: Optional[str] = None) -> None:
    os.makedirs(folder, exist_ok=True)
    if yaml_format:
        lines = ["name: %s" % name] + (["version: '%s'" % version] if version else [])
        for key in ("requires", "build_requires", "variants"):
            if data.get(key):
                lines.append("%s: %s" % (key, json.dumps(data[key])))
        if data.get("timestamp"):
            lines.append("timestamp: %d" % data["timestamp"])
        with open(os.path.join(folder, "package.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return
    lines = ["# -*- coding: utf-8 -*-", "name = %r" % name]
    if version:
        lines.append("version = %r" % version)
    lines.append("description = 'Généré pour les tests — 测试 🎬'")
    computed = _COMPUTES.get(style, ()) if style else ()
    for key in ("requires", "build_requires", "variants", "tests"):
        if data.get(key) and key not in computed:
            lines.append("%s = %s" % (key, json.dumps(data[key], ensure_ascii=False)))
    if style:
        lines.extend(_computed_lines(style, data))
    if data.get("timestamp"):
        lines.append("timestamp = %d" % data["timestamp"])
    with open(os.path.join(folder, "package.py"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def _package_data(rng: random.Random, name: str, earlier: Dict[str, List[str]]) -> Dict[str, object]:
    data: Dict[str, object] = {}
    deps = rng.sample(sorted(earlier), k=min(len(earlier), rng.choice([0, 1, 1, 2, 3])))
    data["requires"] = [_req(rng, d, earlier[d]) for d in deps if d != "python"]
    if "python" in earlier and rng.random() < 0.45:
        pys = rng.sample(PYTHONS, k=rng.choice([1, 2, 3]))
        data["variants"] = [["python-%s" % ".".join(p.split(".")[:2])] for p in sorted(pys)]
        if rng.random() < 0.3 and len(data["variants"]) > 1:
            data["variants"][0].append("~maya-2024" if "maya" in earlier else "~gcc-9")
    elif "python" in deps:
        data["requires"].append("python")
    if rng.random() < 0.3 and "cmake" in earlier:
        data["build_requires"] = ["cmake-3"]
    if rng.random() < 0.15 and earlier:
        data["requires"].append("~%s" % rng.choice(sorted(earlier)))
    return data


def generate(root: str, seed: int, settings: Optional[List[str]] = None, computed: bool = False) -> StudioSetup:
    """A studio under `root`: families in an external and a release repository (some in both, shadowed), a local
    repository of builds in progress, `.ignore` markers, package.yaml files, an unversioned package, timestamps.
    `computed`: about a third of the package.py files (and every developer package) compute fields with code
    (`STYLES`: `@early`, comprehensions, loops, `%` formatting, `this`), and developer packages ask for
    wildcards; the same seed gives the same packages either way."""
    rng = random.Random(seed)
    styles = random.Random(seed * 7919 + 1)  # its own stream: the packages are the same with computed fields or not
    written: List[str] = []

    def style(data: Dict[str, object], yaml_format: bool, always: bool = False) -> Optional[str]:
        if not computed or yaml_format or not (always or styles.random() < 0.35):
            return None
        fitting = [s for s in STYLES if all(data.get(k) for k in _COMPUTES[s] if k != "variants" or s != "early_this")]
        fitting = [s for s in fitting if s != "early_this" or data.get("variants")]
        return styles.choice(fitting) if fitting else None
    release, external, local = (os.path.join(root, n) for n in ("release", "external", "local"))
    for p in (release, external, local):
        os.makedirs(p, exist_ok=True)
    families: Dict[str, List[str]] = {}
    stamp = 1_600_000_000
    names = ["platform", "arch", "os"] + BASE_FAMILIES[:rng.randint(10, len(BASE_FAMILIES))]
    cut = 1_600_000_000 + 200 * rng.randint(5, 60)
    for name in names:
        if name == "platform":
            versions = ["linux", "osx"]
        elif name == "arch":
            versions = ["x86_64"]
        elif name == "os":
            versions = ["Debian-12", "Ubuntu-22.04"]
        elif name == "python":
            versions = PYTHONS
        elif name == "cmake":
            versions = ["3.20.0", "3.26.4"]
        else:
            versions = _versions(rng, rng.randint(1, 5))
        repo = external if name in ("python", "cmake", "gcc", "boost", "tbb", "qt", "openexr", "numpy",
                                    "platform", "arch", "os") else release
        earlier = {k: v for k, v in families.items() if k not in ("platform", "arch", "os")}
        for version in versions:
            stamp += rng.randint(50, 400)
            data = {} if name in ("platform", "arch", "os", "python", "cmake") else _package_data(rng, name, earlier)
            if rng.random() < 0.9:
                data["timestamp"] = stamp
            folder = os.path.join(repo, name, version)
            yaml_format = rng.random() < 0.08
            chosen = style(data, yaml_format)
            _write_package(folder, name, version, data, yaml_format=yaml_format, style=chosen)
            if chosen:
                written.append(os.path.join(folder, "package.py"))
            if rng.random() < 0.05 and len(versions) > 1:
                open(os.path.join(repo, name, ".ignore" + version), "w").close()
            if rng.random() < 0.08:  # the same version also in the other repository (shadowed)
                other = release if repo == external else external
                _write_package(os.path.join(other, name, version), name, version,
                               _package_data(rng, name, earlier), yaml_format=False)
        families[name] = versions
    # an unversioned tool package and a local build in progress of a newer version
    _write_package(os.path.join(release, "studio_env"), "studio_env", "", {"requires": ["python-3"]}, False)
    families["studio_env"] = []
    dev_family = rng.choice([n for n in families if n not in ("platform", "arch", "os", "python", "studio_env")])
    newest = families[dev_family][-1] if families[dev_family] else "1.0"
    local_version = newest.split(".")[0] + ".99"
    _write_package(os.path.join(local, dev_family, local_version), dev_family, local_version,
                   _package_data(rng, dev_family, {k: v for k, v in families.items() if k not in ("platform", "arch", "os")}),
                   False)
    families[dev_family] = families[dev_family] + [local_version]

    chosen = settings if settings is not None else [s for s in SETTINGS if rng.random() < 0.45]
    config: Dict[str, object] = {}
    if "implicit_packages" in chosen:
        config["implicit_packages"] = rng.choice([
            ["~platform=={system.platform}", "~arch=={system.arch}"],
            ["~platform=={system.platform}", "~arch=={system.arch}", "~os=={system.os}", "~python-3"],
            ["platform-linux"], []])
    if "variant_select_mode" in chosen:
        config["variant_select_mode"] = "intersection_priority"
    if "package_filter" in chosen:
        config["package_filter"] = rng.choice([
            {"excludes": ["glob(*.beta)"]},
            [{"excludes": ["glob(*.beta)"], "includes": ["glob(maya-*)"]}, {"excludes": ["after(%d)" % cut]}],
            {"excludes": ["regex(.*-1\\..*)"], "includes": ["range(boost-1)"]},
            {"excludes": ["before(%d)" % (cut - 2000)]},
            {"excludes": ["*.beta", "nuke-13+"]},
        ])
    if "package_orderers" in chosen:
        fams = [n for n in families if families[n] and n not in ("platform", "arch", "os")]
        config["package_orderers"] = rng.choice([
            [{"type": "sorted", "descending": False, "packages": [rng.choice(fams)]}],
            [{"type": "version_split", "first_version": "3.9", "packages": ["python"]}],
            [{"type": "per_family", "orderers": [{"packages": ["python"], "type": "sorted", "descending": False}],
              "default_order": {"type": "sorted", "descending": True}}],
            [{"type": "soft_timestamp", "timestamp": cut, "rank": 2, "packages": rng.sample(fams, 2)}],
            [{"type": "no_order", "packages": [rng.choice(fams)]},
             {"type": "version_split", "first_version": "2.0", "packages": ["*"]}],
        ])
    if "error_on_missing_variant_requires" in chosen:
        config["error_on_missing_variant_requires"] = False
    order = [local, release, external]
    if "local_first" in chosen:
        order = [release, local, external]
    config["packages_path"] = order
    config["local_packages_path"] = local
    config["release_packages_path"] = release
    config_path = os.path.join(root, "rezconfig.py")
    with open(config_path, "w", encoding="utf-8") as f:
        for key, value in config.items():
            f.write("%s = %r\n" % (key, value))
    requests = []
    usable = [n for n in families if n not in ("platform", "arch", "os")]
    for _ in range(8):
        picks = rng.sample(usable, k=rng.choice([1, 1, 2, 3]))
        requests.append([_req(rng, p, families[p]) if families[p] else p for p in picks])
    developer = []
    for i in range(3):
        name = "dev_tool_%d" % i
        folder = os.path.join(root, "src", name)
        data = _package_data(rng, name, {k: v for k, v in families.items() if k not in ("platform", "arch", "os")})
        if rng.random() < 0.6:
            data["build_requires"] = ["cmake-3"]
        data["tests"] = {"unit": {"command": "pytest", "requires": [rng.choice(usable)]}}
        mentioned = json.dumps([data.get("requires"), data.get("variants")])
        if computed and styles.random() < 0.7 and "python" not in mentioned:  # a wildcard rez's loading expands
            data["build_requires"] = list(data.get("build_requires") or []) + ["python-3.*"]
        chosen = style(data, False, always=True)
        _write_package(folder, name, "1.0.%d" % i, data, False, style=chosen)
        if chosen:
            written.append(os.path.join(folder, "package.py"))
        developer.append(folder)
    return StudioSetup(root, release, external, local, config_path, config, requests, developer, written)
