"""The declaration machinery shared by rules, remediations, collectors and the demo's seeds:
typed parameters (:class:`Param`) and their resolution, argument injection by name, and the
discovery of built-in modules.

A rule's check and a remediation's plan function ask for what they need by argument name, as a
pytest test asks for fixtures; :func:`argument_names` reads (and caches) the names,
:func:`check_arguments` refuses unknown ones when the function is declared, and
:func:`call_with` calls it with just those it asks for.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from compliance.errors import InputError

T = TypeVar("T")

_TYPE_NAMES = {int: "integer", float: "number", bool: "boolean", str: "string", list: "list"}


@dataclass(frozen=True, slots=True)
class Param:
    """A typed parameter of a rule or a remediation. Values may come as strings, as AWS Config
    passes them (``"true"``, ``"90"``, ``"a,b"``), and are coerced to ``type``."""

    type: type
    default: Any = None
    description: str = ""

    def coerce(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        kind = self.type
        try:
            if kind is bool:
                if isinstance(value, bool):
                    return value
                if str(value).strip().lower() in ("true", "yes", "1"):
                    return True
                if str(value).strip().lower() in ("false", "no", "0"):
                    return False
                raise ValueError
            if kind is list:
                if isinstance(value, list):
                    return [str(v) for v in value]
                return [v.strip() for v in str(value).split(",") if v.strip()]
            if kind is int:
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError
                return int(str(value).strip()) if isinstance(value, str) else int(value)
            if kind is float:
                if isinstance(value, bool):
                    raise ValueError
                return float(value)
            if kind is str:
                if isinstance(value, dict | list):
                    raise ValueError
                return str(value)
        except (TypeError, ValueError):
            pass
        raise InputError(f"parameter {name}: expected {_TYPE_NAMES.get(kind, kind.__name__)}, got {value!r}")


def resolve_parameters(
    parameters: Mapping[str, Param], given: Mapping[str, Any] | None, owner: str, where: str = ""
) -> dict[str, Any]:
    """``parameters``' defaults overlaid with ``given``, each coerced to its type. ``owner`` names
    the declaring object in errors (``rule s3-bucket-versioning-enabled``); an unknown name is an
    error listing the known ones."""
    given = dict(given or {})
    prefix = f"{where}: " if where else ""
    unknown = sorted(set(given) - set(parameters))
    if unknown:
        known = ", ".join(sorted(parameters)) or "none"
        raise InputError(f"{prefix}{owner} has no parameter {unknown[0]!r} (its parameters: {known})")
    resolved = {}
    for name, param in parameters.items():
        try:
            resolved[name] = param.coerce(name, given.get(name, param.default))
        except InputError as exc:
            raise InputError(f"{prefix}{owner}: {exc}") from None
    return resolved


def argument_names(func: Callable[..., Any]) -> tuple[str, ...]:
    """The names ``func`` asks for, read once and cached on the function."""
    cached = getattr(func, "__compliance_args__", None)
    if cached is None:
        cached = tuple(inspect.signature(func).parameters)
        try:
            func.__compliance_args__ = cached  # type: ignore[attr-defined]
        except AttributeError:
            pass
    return cached


def check_arguments(func: Callable[..., Any], allowed: Iterable[str], owner: str, scope: str = "") -> set[str]:
    """``func``'s argument names; a name not in ``allowed`` is a TypeError naming ``owner``."""
    names = set(argument_names(func))
    extra = names - set(allowed)
    if extra:
        raise TypeError(f"{owner}: unknown argument(s) {sorted(extra)}" + (f" for scope {scope}" if scope else ""))
    return names


def call_with(func: Callable[..., T], available: Mapping[str, Any]) -> T:
    """Call ``func`` with the values of ``available`` it asks for by name."""
    return func(**{name: available[name] for name in argument_names(func)})


def builtin_modules(package: str | ModuleType, wanted: Callable[[str], bool] | None = None) -> list[ModuleType]:
    """Every module of ``package`` whose name does not start with ``_`` (and that ``wanted``
    accepts, when given), imported, in name order: how the built-in rules, remediations,
    collectors and demo seeds are found."""
    found = importlib.import_module(package) if isinstance(package, str) else package
    names = sorted(info.name for info in pkgutil.iter_modules(found.__path__) if not info.name.startswith("_"))
    return [importlib.import_module(f"{found.__name__}.{n}") for n in names if wanted is None or wanted(n)]


def declared_in(module: ModuleType, kind: type[T]) -> list[T]:
    """Every ``kind`` object defined at the top level of ``module``, in source order."""
    return [value for value in vars(module).values() if isinstance(value, kind)]
