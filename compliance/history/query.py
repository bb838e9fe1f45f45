"""AWS Config's advanced-query SQL subset, evaluated in Python over configuration items.

``SELECT property [, ...] [WHERE condition] [GROUP BY property] [ORDER BY property [ASC|DESC], ...]``
with no ``FROM`` (the resources are the table). Properties are Config's: ``resourceId``,
``resourceType``, ``configuration.x.y``, ``supplementaryConfiguration.x``, ``tags`` (a list of
``key``/``value``/``tag`` objects, so ``tags.key = 'env'`` and ``tags.tag = 'env=prod'`` work),
``relationships.resourceId``. Conditions: ``= != <> < > <= >= IN BETWEEN LIKE`` (``%`` and
``_`` wildcards), ``IS [NOT] NULL``, ``AND OR NOT``. Aggregates: ``COUNT SUM MIN MAX AVG``.
As in Config, a condition on a property inside an array matches when any element matches.
Parsing is sqlglot's; evaluation is ours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from compliance.errors import InputError
from compliance.model import ConfigurationItem

_AGGREGATES: dict[type, str] = {exp.Count: "COUNT", exp.Sum: "SUM", exp.Min: "MIN", exp.Max: "MAX", exp.Avg: "AVG"}
_ALLOWED_CLAUSES = {"expressions", "where", "group", "order", "limit", "kind", "distinct"}


@dataclass
class QueryResult:
    """``columns`` are the select labels; ``rows`` are flat {label: value}; ``records`` are
    nested as Config returns them (``{"configuration": {"instanceType": "t3.micro"}}``)."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)


def _fail(sql: str, message: str) -> InputError:
    return InputError(f"query: {message}")


def document(item: ConfigurationItem) -> dict[str, Any]:
    """A configuration item as Config's query engine sees it."""
    data = item.to_dict()
    data["tags"] = [{"key": k, "value": v, "tag": f"{k}={v}"} for k, v in sorted(item.tags.items())]
    return data


def _path(node: exp.Expression) -> list[str] | None:
    if isinstance(node, exp.Column):
        return [part.name for part in node.parts]
    if isinstance(node, exp.Dot):
        left = _path(node.this)
        return None if left is None else [*left, node.expression.name]
    return None


def _values(doc: Any, path: list[str]) -> list[Any]:
    """Every value at ``path``, descending into arrays (any-element semantics)."""
    current = [doc]
    for part in path:
        following = []
        for value in current:
            if isinstance(value, dict) and part in value:
                found = value[part]
                following.extend(found if isinstance(found, list) else [found])
        current = following
    return [v for v in current if v is not None]


def _project(doc: Any, path: list[str]) -> Any:
    """The value at ``path`` for a flat row: as is, or the list of values found through arrays."""
    current = [doc]
    through_array = False
    for index, part in enumerate(path):
        following = []
        for value in current:
            if isinstance(value, dict) and part in value:
                found = value[part]
                if isinstance(found, list) and index < len(path) - 1:
                    through_array = True
                    following.extend(found)
                else:
                    following.append(found)
        current = following
    found = [v for v in current if v is not None]
    if through_array:
        return found or None
    return found[0] if found else None


def _select(doc: Any, path: list[str]) -> Any:
    """The value at ``path`` nested as in the item, arrays kept (Config's result shape)."""
    if not path:
        return doc
    if isinstance(doc, list):
        found = [v for v in (_select(e, path) for e in doc) if v is not None]
        return found or None
    if isinstance(doc, dict) and path[0] in doc:
        inner = _select(doc[path[0]], path[1:])
        return None if inner is None else {path[0]: inner}
    return None


def _merge(target: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        mine = target.get(key)
        if isinstance(mine, dict) and isinstance(value, dict):
            _merge(mine, value)
        elif isinstance(mine, list) and isinstance(value, list) and len(mine) == len(value):
            for a, b in zip(mine, value, strict=True):
                if isinstance(a, dict) and isinstance(b, dict):
                    _merge(a, b)
        else:
            target[key] = value


def _literal(node: exp.Expression, sql: str) -> Any:
    if isinstance(node, exp.Literal):
        if node.is_string:
            return node.this
        number = float(node.this)
        return int(number) if number.is_integer() and "." not in node.this else number
    if isinstance(node, exp.Boolean):
        return node.this
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.Neg):
        value = _literal(node.this, sql)
        if isinstance(value, int | float):
            return -value
    if isinstance(node, exp.Paren):
        return _literal(node.this, sql)
    raise _fail(sql, f"expected a literal value, got {node.sql()!r}")


def _coerce(value: Any, literal: Any) -> tuple[Any, Any] | None:
    """Make a property value and a literal comparable, or None when they are not."""
    if isinstance(literal, bool) or isinstance(value, bool):
        text = str(value).lower() if not isinstance(value, str) else value.lower()
        return (text, str(literal).lower())
    if isinstance(literal, int | float):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        return (number, float(literal)) if not math.isnan(number) else None
    if isinstance(value, dict | list):
        return None
    return (value if isinstance(value, str) else str(value), str(literal))


_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    exp.EQ: lambda a, b: a == b,
    exp.NEQ: lambda a, b: a != b,
    exp.LT: lambda a, b: a < b,
    exp.GT: lambda a, b: a > b,
    exp.LTE: lambda a, b: a <= b,
    exp.GTE: lambda a, b: a >= b,
}
_MIRROR = {exp.LT: exp.GT, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.GTE: exp.LTE}


def _like(pattern: str) -> re.Pattern[str]:
    parts = []
    for char in pattern:
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def _any(values: list[Any], literal: Any, test: Callable[[Any, Any], bool]) -> bool:
    for value in values:
        pair = _coerce(value, literal)
        if pair is not None and test(*pair):
            return True
    return False


def _compile(node: exp.Expression, sql: str) -> Callable[[dict[str, Any]], bool]:
    """A WHERE condition as a predicate over a query document."""
    if isinstance(node, exp.Paren):
        return _compile(node.this, sql)
    if isinstance(node, exp.And):
        left, right = _compile(node.this, sql), _compile(node.expression, sql)
        return lambda d: left(d) and right(d)
    if isinstance(node, exp.Or):
        left, right = _compile(node.this, sql), _compile(node.expression, sql)
        return lambda d: left(d) or right(d)
    if isinstance(node, exp.Not):
        inner = _compile(node.this, sql)
        return lambda d: not inner(d)
    if type(node) in _COMPARE:
        kind: type = type(node)
        left_path, right_path = _path(node.this), _path(node.expression)
        if left_path is not None and right_path is None:
            path, literal = left_path, _literal(node.expression, sql)
        elif right_path is not None and left_path is None:
            path, literal = right_path, _literal(node.this, sql)
            kind = _MIRROR.get(kind, kind)
        else:
            raise _fail(sql, f"compare a property with a value: {node.sql()!r}")
        test = _COMPARE[kind]
        if literal is None:
            raise _fail(sql, f"use IS NULL / IS NOT NULL instead of {node.sql()!r}")
        return lambda d: _any(_values(d, path), literal, test)
    path = _path(node.this) if isinstance(node, exp.In | exp.Between | exp.Like | exp.Is | exp.ILike) else None
    if path is None:
        raise _fail(sql, f"unsupported condition {node.sql()!r}")
    if isinstance(node, exp.In):
        if node.args.get("query") or node.args.get("unnest"):
            raise _fail(sql, "IN takes a list of values, not a subquery")
        literals = [_literal(v, sql) for v in node.expressions]
        return lambda d: any(_any(_values(d, path), lit, _COMPARE[exp.EQ]) for lit in literals)
    if isinstance(node, exp.Between):
        low, high = _literal(node.args["low"], sql), _literal(node.args["high"], sql)
        return lambda d: any(
            (a := _coerce(v, low)) is not None and (b := _coerce(v, high)) is not None and a[1] <= a[0] <= b[1]
            for v in _values(d, path)
        )
    if isinstance(node, exp.Like | exp.ILike):
        pattern_value = _literal(node.expression, sql)
        if not isinstance(pattern_value, str):
            raise _fail(sql, f"LIKE takes a string pattern: {node.sql()!r}")
        pattern = _like(pattern_value)
        if isinstance(node, exp.ILike):
            pattern = re.compile(pattern.pattern, re.DOTALL | re.IGNORECASE)
        return lambda d: any(isinstance(v, str | int | float) and pattern.fullmatch(str(v)) for v in _values(d, path))
    if isinstance(node.expression, exp.Null):  # IS NULL
        return lambda d: not _values(d, path)
    raise _fail(sql, f"unsupported condition {node.sql()!r}")


@dataclass
class _Field:
    label: str
    path: list[str] | None  # a property; None for an aggregate
    aggregate: str = ""
    argument: list[str] | None = None  # the aggregate's property; None for COUNT(*)


def _field(node: exp.Expression, sql: str) -> _Field:
    alias = node.alias if isinstance(node, exp.Alias) else ""
    inner = node.this if isinstance(node, exp.Alias) else node
    path = _path(inner)
    if path is not None:
        return _Field(alias or ".".join(path), path)
    name = _AGGREGATES.get(type(inner))
    if name:
        target = inner.this
        if isinstance(target, exp.Distinct):
            raise _fail(sql, f"{name}(DISTINCT ...) is not supported")
        argument = None if isinstance(target, exp.Star) else _path(target)
        if argument is None and not (name == "COUNT" and isinstance(target, exp.Star)):
            raise _fail(sql, f"{name} takes a property: {inner.sql()!r}")
        label = alias or (f"{name}(*)" if argument is None else f"{name}({'.'.join(argument)})")
        return _Field(label, None, name, argument)
    if isinstance(inner, exp.Star):
        raise _fail(sql, "SELECT * is not supported; name the properties")
    raise _fail(sql, f"unsupported select expression {inner.sql()!r}")


def _aggregate(name: str, argument: list[str] | None, docs: list[dict[str, Any]]) -> Any:
    if argument is None:
        return len(docs)
    values = [v for d in docs for v in _values(d, argument)]
    if name == "COUNT":
        return len(values)
    numbers = []
    for value in values:
        try:
            numbers.append(float(value))
        except (TypeError, ValueError):
            continue
    if name in ("MIN", "MAX") and not numbers and values:
        strings = [str(v) for v in values]
        return min(strings) if name == "MIN" else max(strings)
    if not numbers:
        return None
    result = {"SUM": sum(numbers), "MIN": min(numbers), "MAX": max(numbers)}.get(name, sum(numbers) / len(numbers))
    return int(result) if float(result).is_integer() else result


def _nest(record: dict[str, Any], path: list[str], value: Any) -> None:
    target = record
    for part in path[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            return
    target[path[-1]] = value


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (2, "")
    if isinstance(value, bool):
        return (1, str(value))
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value) if not isinstance(value, list | dict) else repr(value))


def parse(sql: str) -> exp.Select:
    try:
        statements = sqlglot.parse(sql)
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _fail(sql, f"cannot parse: {first}") from None
    statements = [s for s in statements if s is not None]
    if len(statements) != 1 or not isinstance(statements[0], exp.Select):
        raise _fail(sql, "expected one SELECT statement")
    select = statements[0]
    if select.args.get("from_") or select.args.get("from"):
        raise _fail(sql, "AWS Config queries have no FROM clause: SELECT properties WHERE conditions")
    extra = sorted(k for k, v in select.args.items() if v and k not in _ALLOWED_CLAUSES)
    if extra:
        raise _fail(sql, f"{extra[0].upper()} is not part of the AWS Config query language")
    if select.args.get("distinct"):
        raise _fail(sql, "SELECT DISTINCT is not supported (use GROUP BY)")
    return select


def run_query(sql: str, items: list[ConfigurationItem]) -> QueryResult:
    """Run ``sql`` over ``items`` (deleted items are not part of the current state)."""
    select = parse(sql)
    fields = [_field(node, sql) for node in select.expressions]
    if not fields:
        raise _fail(sql, "SELECT names no property")
    where = _compile(select.args["where"].this, sql) if select.args.get("where") else None
    docs = [document(i) for i in items if not i.is_deleted]
    if where is not None:
        docs = [d for d in docs if where(d)]
    group = select.args.get("group")
    group_paths = []
    for node in group.expressions if group else []:
        path = _path(node)
        if path is None:
            raise _fail(sql, f"GROUP BY takes properties: {node.sql()!r}")
        group_paths.append(path)
    aggregated = any(f.aggregate for f in fields)
    if group_paths or aggregated:
        grouped = {tuple(g) for g in group_paths}
        stray = [f.label for f in fields if f.path is not None and tuple(f.path) not in grouped]
        if stray:
            raise _fail(sql, f"{stray[0]} must be in GROUP BY or inside an aggregate")
        buckets: dict[str, tuple[list[Any], list[dict[str, Any]]]] = {}
        for doc in docs:
            key_values = [_project(doc, p) for p in group_paths]
            buckets.setdefault(repr(key_values), (key_values, []))[1].append(doc)
        if not group_paths and not buckets:
            buckets["()"] = ([], [])
        rows = []
        row_docs: list[dict[str, Any] | None] = []
        for key_values, members in buckets.values():
            by_path = {tuple(p): v for p, v in zip(group_paths, key_values, strict=True)}
            rows.append(
                {
                    f.label: by_path[tuple(f.path)]
                    if f.path is not None
                    else _aggregate(f.aggregate, f.argument, members)
                    for f in fields
                }
            )
            row_docs.append(members[0] if members else None)
    else:
        rows = [{f.label: _project(doc, f.path or []) for f in fields} for doc in docs]
        row_docs = list(docs)
    order = _order(select, rows, fields, sql)
    rows, row_docs = [rows[i] for i in order], [row_docs[i] for i in order]
    limit = select.args.get("limit")
    if limit is not None:
        count = _literal(limit.expression, sql)
        if not isinstance(count, int) or count < 0:
            raise _fail(sql, "LIMIT takes a whole number")
        rows, row_docs = rows[:count], row_docs[:count]
    records = []
    for row, doc in zip(rows, row_docs, strict=True):
        record: dict[str, Any] = {}
        for f in fields:
            if f.path is not None and doc is not None and f.label == ".".join(f.path):
                nested = _select(doc, f.path)
                if nested is not None:
                    _merge(record, nested)
            elif f.path is None or row[f.label] is not None:
                record[f.label] = row[f.label]
        records.append(record)
    return QueryResult([f.label for f in fields], rows, records)


def _order(select: exp.Select, rows: list[dict[str, Any]], fields: list[_Field], sql: str) -> list[int]:
    """The row indexes in ORDER BY order (stable, last key first)."""
    indexes = list(range(len(rows)))
    order = select.args.get("order")
    if not order:
        return indexes
    for ordered in reversed(order.expressions):
        node = ordered.this
        label = None
        path = _path(node)
        if path is not None:
            dotted = ".".join(path)
            label = next(
                (f.label for f in fields if f.label == dotted or (f.path and ".".join(f.path) == dotted)), None
            )
        else:
            try:
                target = _field(node, sql)
            except InputError:
                target = None
            label = next((f.label for f in fields if target and f.label == target.label), None)
        if label is None:
            raise _fail(sql, f"ORDER BY {node.sql()} must name a selected property or aggregate")
        indexes.sort(key=lambda i, lab=label: _sort_key(rows[i][lab]), reverse=bool(ordered.args.get("desc")))
    return indexes
