"""The plugin manager: built-ins, entry points and ``--plugin`` paths, and what they register.

Build it with :func:`load_plugins` (never at import time), so each test gets a fresh one.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from compliance import hookspecs
from compliance.errors import InputError, PluginError
from compliance.suggest import did_you_mean

ENTRY_POINT_GROUP = "compliance"
DISABLE_ENV = "COMPLIANCE_DISABLE_PLUGINS"

# Built-in features are plain modules registered exactly like third-party plugins.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "compliance.builtin.rules",
    "compliance.builtin.remediations",
    "compliance.report.builtin",
    "compliance.collect.builtin",
)


@dataclass(slots=True)
class PluginInfo:
    name: str
    origin: str  # "builtin", "entry point (dist x.y)", "--plugin PATH"
    module: str = ""
    error: str | None = None
    registered: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Plugins:
    """Everything the loaded plugins registered, keyed by id, plus where each plugin came from."""

    manager: pluggy.PluginManager
    info: dict[str, PluginInfo]
    rules: dict[str, Any] = field(default_factory=dict)
    packs: dict[str, Any] = field(default_factory=dict)
    collectors: dict[str, Any] = field(default_factory=dict)
    remediations: dict[str, Any] = field(default_factory=dict)
    reporters: dict[str, Any] = field(default_factory=dict)

    @property
    def hook(self) -> Any:
        return self.manager.hook

    def notify(self, hook_name: str, **kwargs: Any) -> None:
        """Call a lifecycle hook's implementations one by one: one that raises (or calls
        ``sys.exit``) is reported on stderr and the others still run; the scan goes on."""
        for impl in getattr(self.manager.hook, hook_name).get_hookimpls():
            try:
                impl.function(**{name: kwargs[name] for name in impl.argnames if name in kwargs})
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - a notification must not end the scan
                where = f"plugin {impl.plugin_name} failed in {hook_name}"
                sys.stderr.write(f"compliance: warning: {where}: {_one_line(exc)}\n")

    @property
    def failures(self) -> list[PluginInfo]:
        return [p for p in self.info.values() if not p.ok]

    def rule(self, rule_id: str) -> Any:
        try:
            return self.rules[rule_id]
        except KeyError:
            hint = did_you_mean(rule_id, self.rules)
            raise InputError(f"unknown rule {rule_id!r}{hint} (see 'compliance rules list')") from None

    def pack(self, name: str) -> Any:
        if name not in self.packs and (name.endswith((".yaml", ".yml")) or os.sep in name):
            from compliance.packs import load_pack

            pack = load_pack(name)
            pack.source = f"file {name}"
            return pack
        try:
            return self.packs[name]
        except KeyError:
            known = ", ".join(sorted(self.packs)) or "none"
            hint = did_you_mean(name, self.packs)
            raise InputError(f"unknown pack {name!r}{hint} (known packs: {known})") from None


def _import_path(path: Path) -> ModuleType:
    name = f"compliance_plugin_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


class _YamlPlugin:
    """A ``.yaml`` file given to ``--plugin``: declarative rules, or a pack."""

    def __init__(self, path: Path) -> None:
        from compliance.yamlio import load_yaml

        self.path = path
        self.data = load_yaml(path)
        if not isinstance(self.data, dict) or not ({"rules", "controls"} & set(self.data)):
            raise InputError(f"{path}: neither a rule file ('rules:') nor a pack ('controls:')")

    @hookspecs.hookimpl
    def compliance_register_rules(self, register: Callable[[Any], None]) -> None:
        if "controls" not in self.data:
            from compliance.yaml_rules import load_rule_file

            for r in load_rule_file(self.path):
                register(r)

    @hookspecs.hookimpl
    def compliance_register_packs(self, register: Callable[[Any], None]) -> None:
        if "controls" in self.data:
            register(self.path)


def _load_user_plugin(spec: str) -> Any:
    path = Path(spec)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise InputError("no such file")
        return _YamlPlugin(path)
    if path.suffix == ".py" or os.sep in spec:
        if not path.is_file():
            raise InputError("no such file")
        return _import_path(path)
    return importlib.import_module(spec)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


_HOOK_KINDS = {
    "compliance_register_rules": ("rules", "id"),
    "compliance_register_packs": ("packs", "name"),
    "compliance_register_collectors": ("collectors", "name"),
    "compliance_register_remediations": ("remediations", "id"),
    "compliance_register_reporters": ("reporters", "name"),
}


def load_plugins(
    extra: Iterable[str] = (),
    *,
    entry_points_enabled: bool = True,
    builtins: Iterable[str] = BUILTIN_PLUGINS,
) -> Plugins:
    """Load built-ins, entry-point plugins and ``extra`` (``--plugin`` values), then collect
    what they register. An entry-point plugin that fails is reported and skipped; a plugin the
    user named explicitly that fails raises :class:`PluginError`."""
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    disabled = {n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()}
    info: dict[str, PluginInfo] = {}

    def add(name: str, origin: str, load: Callable[[], Any], strict: bool) -> None:
        if name in disabled:
            info[name] = PluginInfo(name, origin, error=f"disabled by {DISABLE_ENV}")
            return
        try:
            plugin = load()
            pm.register(plugin, name=name)
        except InputError as exc:
            if strict:
                raise PluginError(f"plugin {name}: {exc}") from None
            info[name] = PluginInfo(name, origin, error=str(exc))
            return
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # sys.exit() in a plugin module must not end the run silently
            if strict:
                raise PluginError(f"plugin {name} failed to load: {_one_line(exc)}") from None
            info[name] = PluginInfo(name, origin, error=_one_line(exc))
            return
        info[name] = PluginInfo(name, origin, module=getattr(plugin, "__name__", repr(plugin)))

    for module in builtins:
        add(module, "builtin", lambda m=module: importlib.import_module(m), strict=True)
    if entry_points_enabled:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else "unknown distribution"
            add(ep.name, f"entry point ({dist})", ep.load, strict=False)
    for spec in extra:
        add(spec, f"--plugin {spec}", lambda s=spec: _load_user_plugin(s), strict=True)

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin}: {exc}") from None

    plugins = Plugins(manager=pm, info=info)
    for hook_name, (kind, id_attr) in _HOOK_KINDS.items():
        _collect(plugins, hook_name, kind, id_attr)
    return plugins


def _collect(plugins: Plugins, hook_name: str, kind: str, id_attr: str) -> None:
    from compliance.packs import Pack, load_pack

    target: dict[str, Any] = getattr(plugins, kind)
    owners: dict[str, str] = {}
    for impl in getattr(plugins.manager.hook, hook_name).get_hookimpls():
        name = impl.plugin_name
        plugin_info = plugins.info[name]
        strict = not plugin_info.origin.startswith("entry point")
        added: list[str] = []

        def register(obj: Any, _plugin: str = name, _added: list[str] = added) -> None:
            if kind == "packs" and not isinstance(obj, Pack):
                obj = load_pack(obj)
            key = getattr(obj, id_attr, None)
            if not isinstance(key, str):
                raise PluginError(f"registered a {type(obj).__name__}, not a {kind[:-1]} (it has no {id_attr!r})")
            if key in target:
                raise PluginError(f"{kind[:-1]} {key!r} is registered by both {owners[key]} and {_plugin}")
            if hasattr(obj, "source") and not obj.source:
                obj.source = _plugin
            target[key] = obj
            owners[key] = _plugin
            _added.append(key)

        try:
            impl.function(register=register)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - a plugin's sys.exit() is its own failure
            for key in added:
                target.pop(key, None)
            if strict or isinstance(exc, PluginError):
                if isinstance(exc, InputError):
                    raise PluginError(f"plugin {name}: {exc}") from None
                raise PluginError(f"plugin {name} failed in {hook_name}: {_one_line(exc)}") from None
            plugin_info.error = _one_line(exc)
            continue
        if added:
            plugin_info.registered[kind] = plugin_info.registered.get(kind, 0) + len(added)
