"""rez's configuration as pyrer uses it: read from rez when importable, else rez's defaults and `REZ_*` variables."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from pyrer.studio.system import expand_system_vars

# rez 3.4.0's defaults (rez/rezconfig.py, rezplugins/package_repository/rezconfig.py)
DEFAULT_PACKAGES_PATH = ("~/packages", "~/.rez/packages/int", "~/.rez/packages/ext")
DEFAULT_LOCAL_PACKAGES_PATH = "~/packages"
DEFAULT_RELEASE_PACKAGES_PATH = "~/.rez/packages/int"
DEFAULT_IMPLICIT_PACKAGES = ("~platform=={system.platform}", "~arch=={system.arch}", "~os=={system.os}")
VARIANT_SELECT_MODES = ("version_priority", "intersection_priority")

# Where a setting's value came from (`StudioConfig.origins`).
FROM_REZ_DEFAULT = "rez default"
FROM_REZ_CONFIG = "rez config"
FROM_PYRER = "pyrer setting"


class ConfigurationError(ValueError):
    """A setting pyrer cannot use (rez would refuse it too)."""


@dataclass(frozen=True)
class StudioConfig:
    """The settings that decide which packages exist, how they are read and in what order they are tried."""

    packages_path: Tuple[str, ...] = ()
    local_packages_path: str = ""
    release_packages_path: str = ""
    implicit_packages: Tuple[str, ...] = ()
    variant_select_mode: str = "version_priority"
    package_filter: Tuple[dict, ...] = ()  # rez's POD form: [{"excludes": [...], "includes": [...]}, ...]
    package_orderers: Tuple[Any, ...] = ()  # rez's POD form: [{"type": "sorted", ...}, ...]
    error_on_missing_variant_requires: bool = True
    allow_unversioned_packages: bool = True
    package_filenames: Tuple[str, ...] = ("package",)
    check_package_definition_files: bool = False
    package_preprocess_function: Optional[str] = None
    package_preprocess_mode: str = "override"
    timestamp: int = 0  # a resolve time (rez env -t): packages released after it are hidden
    rez_version: Optional[str] = None  # None: rez was not importable, its defaults were used
    sources: Tuple[str, ...] = ()  # rez config files read, in order
    origins: Mapping[str, str] = field(default_factory=dict)  # setting -> where its value came from
    notes: Tuple[str, ...] = ()  # what could not be read, as sentences

    @property
    def nonlocal_packages_path(self) -> Tuple[str, ...]:
        """packages_path without the local packages path (rez env --no-local, rez release)."""
        paths = list(self.packages_path)
        if self.local_packages_path in paths:
            paths.remove(self.local_packages_path)
        return tuple(paths)

    def origin(self, key: str) -> str:
        return self.origins.get(key, FROM_REZ_DEFAULT)

    def with_overrides(self, **values: Any) -> "StudioConfig":
        """A copy with single settings replaced (pyrer settings and flags); None values are ignored."""
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            return self
        clean = {k: _normalise(k, v) for k, v in values.items()}
        origins = dict(self.origins)
        origins.update({k: FROM_PYRER for k in clean})
        return replace(self, origins=origins, **clean)


def _normalise(key: str, value: Any) -> Any:
    """Check and convert one setting's value to the form StudioConfig keeps."""
    if key == "packages_path":
        if isinstance(value, str):
            value = [p for p in value.split(os.pathsep) if p]
        return tuple(os.path.abspath(os.path.expanduser(str(p))) for p in value)
    if key in ("local_packages_path", "release_packages_path"):
        return os.path.abspath(os.path.expanduser(str(value)))
    if key == "implicit_packages":
        return tuple(expand_system_vars(str(v)) for v in value)
    if key == "variant_select_mode":
        if value not in VARIANT_SELECT_MODES:
            raise ConfigurationError("variant_select_mode must be one of %s, not %r" % (", ".join(VARIANT_SELECT_MODES), value))
        return value
    if key in ("package_filter", "package_orderers"):
        return _pod_list(key, value)
    if key in ("error_on_missing_variant_requires", "allow_unversioned_packages", "check_package_definition_files"):
        return bool(value)
    if key == "timestamp":
        return int(value)
    if key == "package_filenames":
        return tuple(str(v) for v in value)
    return value


def _pod_list(key: str, value: Any) -> Tuple[Any, ...]:
    """rez's OptionalDictOrDictList: None -> [], a dict -> [dict], a list as it is."""
    if value is None:
        return ()
    if isinstance(value, dict):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise ConfigurationError("%s must be a dict or a list of dicts, not %s" % (key, type(value).__name__))


# --- without rez: its defaults and the REZ_* environment variables --------------------------------

_TRUE_WORDS = {"1", "true", "t", "yes", "y", "on"}
_FALSE_WORDS = {"0", "false", "f", "no", "n", "off", ""}


def _env_value(key: str, kind: str, environ: Mapping[str, str]) -> Tuple[bool, Any]:
    """(found, value) of `REZ_<KEY>` or `REZ_<KEY>_JSON`, parsed as rez parses that kind of setting."""
    name = "REZ_%s" % key.upper()
    if name in environ:
        raw = environ[name]
        if kind == "pathlist":
            return True, [p for p in raw.split(os.pathsep) if p]
        if kind == "strlist":
            return True, [p for p in raw.replace(",", " ").split() if p]
        if kind == "bool":
            word = raw.strip().lower()
            if word in _TRUE_WORDS:
                return True, True
            if word in _FALSE_WORDS:
                return True, False
            raise ConfigurationError("%s: expected a boolean, got %r" % (name, raw))
        if kind == "dictlist":
            raise ConfigurationError("%s cannot be set as a plain string: use %s_JSON" % (name, name))
        return True, raw
    if name + "_JSON" in environ:
        try:
            return True, json.loads(environ[name + "_JSON"])
        except ValueError as e:
            raise ConfigurationError("%s_JSON is not valid JSON: %s" % (name, e))
    return False, None


_ENV_SETTINGS = (
    ("packages_path", "pathlist"),
    ("local_packages_path", "str"),
    ("release_packages_path", "str"),
    ("implicit_packages", "strlist"),
    ("variant_select_mode", "str"),
    ("package_filter", "dictlist"),
    ("package_orderers", "dictlist"),
    ("error_on_missing_variant_requires", "bool"),
    ("allow_unversioned_packages", "bool"),
)


def defaults_config(environ: Optional[Mapping[str, str]] = None) -> StudioConfig:
    """rez's documented defaults with the `REZ_<SETTING>` variables applied (rez not importable)."""
    environ = os.environ if environ is None else environ
    values: Dict[str, Any] = {
        "packages_path": DEFAULT_PACKAGES_PATH,
        "local_packages_path": DEFAULT_LOCAL_PACKAGES_PATH,
        "release_packages_path": DEFAULT_RELEASE_PACKAGES_PATH,
        "implicit_packages": DEFAULT_IMPLICIT_PACKAGES,
    }
    origins: Dict[str, str] = {}
    notes: List[str] = []
    for key, kind in _ENV_SETTINGS:
        try:
            found, value = _env_value(key, kind, environ)
        except ConfigurationError as e:
            notes.append(str(e))
            continue
        if found:
            values[key] = value
            origins[key] = "REZ_%s" % key.upper()
    if environ.get("REZ_CONFIG_FILE"):
        notes.append("rez is not importable here: REZ_CONFIG_FILE (%s) was not read" % environ["REZ_CONFIG_FILE"])
    base = StudioConfig(notes=tuple(notes))
    out = {}
    for key, value in values.items():
        try:
            out[key] = _normalise(key, value)
        except ConfigurationError as e:
            notes.append(str(e))
            origins.pop(key, None)
    return replace(base, origins=origins, notes=tuple(notes), **out)


# --- with rez: its own Config, so REZ_CONFIG_FILE, ~/.rezconfig and REZ_* apply exactly as in rez ----------


def _rez_setting_origin(rez_config: Any, key: str, default: Any, environ: Mapping[str, str]) -> str:
    name = "REZ_%s" % key.upper()
    if name in environ or name + "_JSON" in environ:
        return name if name in environ else name + "_JSON"
    try:
        value = getattr(rez_config, key)
    except Exception:
        return FROM_REZ_DEFAULT
    return FROM_REZ_DEFAULT if value == default else FROM_REZ_CONFIG


def rez_config(environ: Optional[Mapping[str, str]] = None, cfg: Any = None) -> StudioConfig:
    """The settings of rez's configuration, read by rez itself in this process: a fresh Config each call, or
    `cfg`, a rez Config object already in use (inside rez: the one its resolves read).

    Raises ImportError when rez is not importable and ConfigurationError when rez refuses its config."""
    import rez  # noqa: PLC0415 (optional dependency)
    from rez.config import Config, _load_config_from_filepaths, get_module_root_config  # noqa: PLC0415

    environ = os.environ if environ is None else environ
    try:
        cfg = Config._create_main_config() if cfg is None else cfg
        values: Dict[str, Any] = {
            "packages_path": [os.path.abspath(p) for p in cfg.packages_path],
            "local_packages_path": os.path.abspath(cfg.local_packages_path),
            "release_packages_path": os.path.abspath(cfg.release_packages_path),
            "implicit_packages": list(cfg.implicit_packages),
            "variant_select_mode": cfg.variant_select_mode,
            "package_filter": cfg.package_filter,
            "package_orderers": cfg.package_orderers,
            "error_on_missing_variant_requires": cfg.error_on_missing_variant_requires,
            "allow_unversioned_packages": cfg.allow_unversioned_packages,
        }
        preprocess = cfg.package_preprocess_function
        filesystem = cfg.plugins.package_repository.filesystem
        plugin_values = {
            "package_filenames": tuple(filesystem.package_filenames),
            "check_package_definition_files": bool(filesystem.check_package_definition_files),
        }
        sources = tuple(cfg.sourced_filepaths)
        preprocess_mode = str(cfg.package_preprocess_mode)
    except Exception as e:  # rez's own ConfigurationError, a broken rezconfig.py, ...
        raise ConfigurationError("rez cannot read its configuration: %s: %s" % (type(e).__name__, e))
    try:
        defaults, _ = _load_config_from_filepaths([get_module_root_config()])
        defaults = expand_system_vars(defaults)
    except Exception:
        defaults = {}
    origins = {}
    for key in values:
        default = defaults.get(key)
        if key in ("packages_path", "local_packages_path", "release_packages_path") and default is not None:
            default = ([os.path.abspath(os.path.expanduser(p)) for p in default] if isinstance(default, list)
                       else os.path.abspath(os.path.expanduser(default)))
        if key in ("package_filter", "package_orderers") and default is None:
            default = []
        origin = _rez_setting_origin(cfg, key, default, environ)
        if origin != FROM_REZ_DEFAULT:
            origins[key] = origin
    config = StudioConfig(
        rez_version=getattr(rez, "__version__", None),
        sources=tuple(s for s in sources if s != get_module_root_config()),
        package_preprocess_function=None if preprocess is None else str(getattr(preprocess, "__name__", preprocess)),
        package_preprocess_mode=preprocess_mode,
        origins=origins,
        **{k: _normalise(k, v) for k, v in list(values.items()) + list(plugin_values.items())},
    )
    return config


def read_studio_config(environ: Optional[Mapping[str, str]] = None, use_rez: bool = True) -> StudioConfig:
    """rez's configuration: by rez when importable (unless `use_rez` is false), else rez's defaults and REZ_* variables.

    Never raises: a configuration rez refuses becomes rez's defaults with a note saying why."""
    if use_rez:
        try:
            return rez_config(environ)
        except ImportError:
            pass
        except ConfigurationError as e:
            base = defaults_config(environ)
            return replace(base, notes=base.notes + (str(e),))
    return defaults_config(environ)


def describe(config: StudioConfig) -> List[str]:
    """What was used, one line each: for hovers and `pyrer solve`."""
    lines = []
    if config.rez_version:
        files = ", ".join(config.sources) or "no config file"
        lines.append("rez %s configuration (%s)" % (config.rez_version, files))
    else:
        lines.append("rez's default configuration (rez is not importable here)")
    lines.append("packages_path: %s%s" % (os.pathsep.join(config.packages_path) or "(none)", _from(config, "packages_path")))
    lines.append("implicit_packages: %s%s" % (" ".join(config.implicit_packages) or "(none)", _from(config, "implicit_packages")))
    lines.append("variant_select_mode: %s%s" % (config.variant_select_mode, _from(config, "variant_select_mode")))
    if config.package_filter:
        lines.append("package_filter: %s%s" % (json.dumps(list(config.package_filter)), _from(config, "package_filter")))
    if config.package_orderers:
        lines.append("package_orderers: %s%s" % (json.dumps(list(config.package_orderers), default=str),
                                                  _from(config, "package_orderers")))
    if config.timestamp:
        lines.append("timestamp: %d (packages released later are hidden)" % config.timestamp)
    if not config.error_on_missing_variant_requires:
        lines.append("error_on_missing_variant_requires: False%s" % _from(config, "error_on_missing_variant_requires"))
    lines.extend("note: %s" % n for n in config.notes)
    return lines


def _from(config: StudioConfig, key: str) -> str:
    origin = config.origin(key)
    return "" if origin == FROM_REZ_DEFAULT else " (from %s)" % origin
