"""Reading YAML (only ever safe-loaded) and JSON input, within limits; errors are one line naming the file.

Limits (each a clear :class:`InputError`, never a traceback):

* size: a file, and what a ``.gz`` file decompresses to, at most ``$COMPLIANCE_MAX_INPUT_BYTES``
  (default 4 GiB); decompression stops at the limit instead of inflating a bomb whole;
* numbers: NaN, Infinity and numbers that overflow a double are rejected (``not a finite number``),
  as are integers longer than Python's 4,300-digit conversion limit;
* nesting: as deep as the parser can go without exhausting the stack (about 1,000 levels for
  JSON), :data:`MAX_YAML_DEPTH` levels for YAML;
* YAML aliases: at most ``$COMPLIANCE_MAX_YAML_NODES`` nodes (default 1,000,000) once every
  alias is expanded, and no alias inside itself, so a "billion laughs" file fails in milliseconds;
* text: UTF-8 (a BOM is allowed); anything else is named as such.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import os
import zlib
from pathlib import Path
from typing import Any

import yaml

from compliance.errors import InputError

DEFAULT_MAX_INPUT_BYTES = 4 * 1024**3
DEFAULT_MAX_YAML_NODES = 1_000_000
MAX_YAML_DEPTH = 100


def _limit(name: str, default: int) -> int:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise InputError(f"{name}: expected a whole number, got {text!r}") from None
    if value <= 0:
        raise InputError(f"{name}: expected a positive number, got {value}")
    return value


def max_input_bytes() -> int:
    return _limit("COMPLIANCE_MAX_INPUT_BYTES", DEFAULT_MAX_INPUT_BYTES)


class NonFiniteNumber(ValueError):
    """A JSON number that is NaN, infinite, or too long to convert."""


def _reject_constant(name: str) -> Any:
    raise NonFiniteNumber(f"not a finite number: {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NonFiniteNumber(f"not a finite number: {text[:40]}")
    return value


def loads(text: str | bytes) -> Any:
    """``json.loads`` that rejects non-finite and overlong numbers (:class:`NonFiniteNumber`).

    Raises ``json.JSONDecodeError``, :class:`NonFiniteNumber` or ``RecursionError``;
    :func:`parse_json` turns them into one :class:`InputError`.
    """
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except NonFiniteNumber:
        raise
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # int() past Python's 4,300-digit limit (checked by the parser, at no cost)
        if "digits" not in str(exc):
            raise
        raise NonFiniteNumber("an integer is too long (more than 4300 digits)") from None


def parse_json(text: str | bytes, name: str) -> Any:
    """JSON text into data, every failure one line naming ``name``."""
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except NonFiniteNumber as exc:
        raise InputError(f"{name}: {exc}") from None
    except RecursionError:
        raise InputError(f"{name}: nested too deeply (more than about 1,000 levels)") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """A file's bytes (a ``.gz`` or gzip-magic file decompressed), at most ``limit`` bytes of either."""
    path = Path(path)
    limit = limit or max_input_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path}: {size} bytes is over the input limit of {limit} (COMPLIANCE_MAX_INPUT_BYTES)")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as handle:
            data = handle.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{path}: not a valid gzip file: {exc}") from None
    if len(data) > limit:
        raise InputError(
            f"{path}: decompresses to more than the input limit of {limit} bytes (COMPLIANCE_MAX_INPUT_BYTES)"
        )
    return data


def read_text(path: str | Path, limit: int | None = None) -> str:
    """A file's text: UTF-8 (BOM allowed), within the size limit; gzip is decompressed."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        kind = "UTF-16 text (a byte-order mark)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else f"byte {exc.start}"
        raise InputError(f"{path}: not UTF-8 text ({kind})") from None


class LimitedSafeLoader(yaml.SafeLoader):
    """``SafeLoader`` that bounds a document's expanded size and depth before constructing it.

    PyYAML shares an aliased node rather than copying it, so a small file can describe a
    structure with billions of nodes (or one that contains itself); every consumer walking it
    then runs for ever. The composed node graph is measured first, each alias counted as the
    nodes it stands for.
    """

    max_nodes = DEFAULT_MAX_YAML_NODES
    max_depth = MAX_YAML_DEPTH

    def compose_document(self) -> Any:
        node = super().compose_document()
        _measure(node, self.max_nodes, self.max_depth)
        return node


class _YamlLimit(Exception):
    pass


def _measure(root: Any, max_nodes: int, max_depth: int) -> None:
    sizes: dict[int, int] = {}  # node id -> expanded size, once finished
    open_nodes: set[int] = set()  # on the current path: seeing one again is an alias inside itself
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > max_nodes:
                raise _YamlLimit(f"more than {max_nodes} nodes once aliases are expanded (COMPLIANCE_MAX_YAML_NODES)")
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise _YamlLimit("an alias refers to a node that contains it")
        if depth > max_depth:
            raise _YamlLimit(f"nested more than {max_depth} levels deep")
        open_nodes.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise _YamlLimit("an alias refers to a node that contains it")
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_yaml(path: str | Path, *, trusted: bool = False) -> Any:
    path = Path(path)
    return parse_yaml(read_text(path), str(path), trusted=trusted)


# libyaml's safe loader, when PyYAML was built with it: the same safe types, several times faster.
_C_SAFE_LOADER = getattr(yaml, "CSafeLoader", None)


def parse_yaml(text: str, name: str, *, trusted: bool = False) -> Any:
    """Safe-load one YAML document within the limits above.

    ``trusted``: a file shipped inside this package (the built-in packs), not input: read by
    libyaml's safe loader without the alias and depth measurement meant for outside files
    (loading the packs was a tenth of a large scan's time); any error is reported as below.
    """
    if trusted and _C_SAFE_LOADER is not None:
        try:
            return yaml.load(text, Loader=_C_SAFE_LOADER)  # a safe loader: plain data only
        except (yaml.YAMLError, ValueError, RecursionError):
            pass  # the checked path below says what is wrong
    loader = LimitedSafeLoader(text)
    loader.max_nodes = _limit("COMPLIANCE_MAX_YAML_NODES", DEFAULT_MAX_YAML_NODES)
    try:
        return loader.get_single_data()
    except _YamlLimit as exc:
        raise InputError(f"{name}: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise InputError(f"{name}: nested too deeply") from None
    except ValueError as exc:  # a constructor's conversion: an impossible date such as 2026-02-30
        raise InputError(f"{name}: invalid value: {exc}") from None
    finally:
        loader.dispose()


def load_json(path: str | Path) -> Any:
    return parse_json(read_bytes(path), str(path))
