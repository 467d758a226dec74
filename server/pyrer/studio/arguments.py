"""Command-line flags that override rez's configuration item by item (shared by `pyrer solve` and `pyrer check`)."""

from __future__ import annotations

import argparse
import json
import os
from typing import List, Optional

from pyrer.studio.config import VARIANT_SELECT_MODES, ConfigurationError, StudioConfig, read_studio_config


def add_studio_arguments(parser: argparse.ArgumentParser, paths_flags: tuple = ("--paths",)) -> None:
    """The flags, named like rez env's where rez has one."""
    # one value per flag (repeat it, or join paths with os.pathsep), so requests or file names may follow
    parser.add_argument(*paths_flags, dest="packages_path", action="append", metavar="PATHS",
                        help="packages paths joined with %r; repeatable (default: rez's packages_path)" % os.pathsep)
    parser.add_argument("--no-local", action="store_true",
                        help="leave out rez's local_packages_path (as rez env --no-local)")
    parser.add_argument("--mode", choices=VARIANT_SELECT_MODES, default=None,
                        help="variant_select_mode (default: rez's)")
    parser.add_argument("--implicit", action="append", metavar="REQUEST",
                        help="an implicit package added to every resolve, instead of rez's implicit_packages "
                             "({system.platform}, {system.arch} and {system.os} are expanded); repeatable")
    parser.add_argument("--no-implicit", action="store_true", help="no implicit packages (as rez env --no-implicit)")
    parser.add_argument("--no-filters", action="store_true", help="no package filter (as rez env --no-filters)")
    parser.add_argument("--package-filter", metavar="JSON",
                        help="rez's package_filter as JSON (a dict or a list of dicts), instead of rez's")
    parser.add_argument("--package-orderers", metavar="JSON",
                        help="rez's package_orderers as JSON (a list of orderer dicts), instead of rez's")
    parser.add_argument("--time", "-t", dest="timestamp", type=int, metavar="EPOCH",
                        help="ignore packages released after this time (as rez env --time, in seconds)")
    parser.add_argument("--no-rez-config", action="store_true",
                        help="use rez's documented defaults and REZ_* variables, not rez's configuration files")
    parser.add_argument("--no-evaluate-repositories", action="store_true",
                        help="never let rez evaluate the package.py files of the packages paths whose fields are "
                             "computed by code (by default rez evaluates them in pyrer's evaluation worker, as "
                             "rez env would)")


def _json(flag: str, text: Optional[str]):
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError as e:
        raise ConfigurationError("%s is not valid JSON: %s" % (flag, e))


def config_from_args(args: argparse.Namespace, extra_paths: Optional[List[str]] = None) -> StudioConfig:
    """rez's configuration with the flags applied; raises ConfigurationError for a value rez would refuse."""
    base = read_studio_config(use_rez=not args.no_rez_config)
    given = [p for value in args.packages_path or [] for p in value.split(os.pathsep) if p]
    paths = given or (list(base.nonlocal_packages_path) if args.no_local else None)
    if extra_paths:
        current = [os.path.abspath(p) for p in (paths if paths is not None else base.packages_path)]
        paths = [p for p in extra_paths if p not in current] + current
    implicit = [] if args.no_implicit else args.implicit
    package_filter = [] if args.no_filters else _json("--package-filter", args.package_filter)
    return base.with_overrides(
        packages_path=paths, variant_select_mode=args.mode, implicit_packages=implicit,
        package_filter=package_filter, package_orderers=_json("--package-orderers", args.package_orderers),
        timestamp=args.timestamp)
