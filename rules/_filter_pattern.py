"""CloudWatch Logs JSON filter patterns, parsed so two patterns can be compared by meaning.

``{ ($.eventName = DeleteTrail) || ($.eventName = "StopLogging") }`` becomes a disjunction of
conjunctions of terms (``$.eventName = DeleteTrail``). :func:`covers` answers "does every event
the required pattern matches also match this filter?": order, spacing, quoting and redundant
parentheses do not matter; extra alternatives (more events alarmed) are fine; a missing
alternative or an extra condition that lets required events through unalarmed is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<punct>[{}()])
    | (?P<and>&&)
    | (?P<or>\|\|)
    | (?P<sel>\$[\w.\[\]\-]*)
    | (?P<op>!=|<=|>=|=|<|>)
    | (?P<kw>NOT\s+EXISTS|IS\s+NULL|IS\s+TRUE|IS\s+FALSE|EXISTS)
    | (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<word>[^\s(){}&|"=!<>]+)
    )""",
    re.VERBOSE | re.IGNORECASE,
)


class PatternError(ValueError):
    """The text is not a JSON filter pattern this module understands."""


@dataclass(frozen=True, slots=True)
class Term:
    path: str
    op: str  # "=", "!=", "<", ">", "<=", ">=", "NOT EXISTS", "IS NULL", "IS TRUE", "IS FALSE", "EXISTS"
    value: str | None = None

    def __str__(self) -> str:
        return f"{self.path} {self.op}" + (f" {self.value}" if self.value is not None else "")


Conjunction = frozenset[Term]


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise PatternError(f"unexpected text at {pos}: {text[pos:pos + 20]!r}")
        pos = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "punct":
            kind = value
        out.append((kind, value))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self, kind: str) -> str:
        if self.peek() != kind:
            raise PatternError(f"expected {kind!r}, found {self.peek()!r}")
        self.i += 1
        return self.tokens[self.i - 1][1]

    def expression(self) -> list[Conjunction]:
        result = self.conjunction()
        while self.peek() == "or":
            self.take("or")
            result = result + self.conjunction()
        return result

    def conjunction(self) -> list[Conjunction]:
        result = self.primary()
        while self.peek() == "and":
            self.take("and")
            right = self.primary()
            result = [a | b for a in result for b in right]
        return result

    def primary(self) -> list[Conjunction]:
        if self.peek() == "(":
            self.take("(")
            inner = self.expression()
            self.take(")")
            return inner
        path = self.take("sel")
        if self.peek() == "kw":
            keyword = " ".join(self.take("kw").upper().split())
            return [frozenset({Term(path, keyword)})]
        op = self.take("op")
        kind = self.peek()
        if kind not in ("str", "word"):
            raise PatternError(f"expected a value after {path} {op}")
        raw = self.take(kind)
        value = re.sub(r"\\(.)", r"\1", raw[1:-1]) if kind == "str" else raw
        return [frozenset({Term(path, op, value)})]


def parse(pattern: str) -> list[Conjunction]:
    """The pattern in disjunctive normal form: a list of conjunctions of terms."""
    tokens = _tokens(pattern)
    if not tokens or tokens[0][0] != "{" or tokens[-1][0] != "}":
        raise PatternError("not a JSON filter pattern ({ ... })")
    parser = _Parser(tokens[1:-1])
    result = parser.expression()
    if parser.peek() is not None:
        raise PatternError(f"unexpected {parser.peek()!r}")
    return result


def _implies(given: Term, needed: Term) -> bool:
    """Whether an event satisfying ``given`` always satisfies ``needed``."""
    if given == needed:
        return True
    if given.path != needed.path or given.value is None or needed.value is None:
        return False
    if given.op == "=" and needed.op == "=":
        return "*" in needed.value and fnmatchcase(given.value, needed.value)
    if given.op == "=" and needed.op == "!=":
        return "*" not in given.value and not fnmatchcase(given.value, needed.value)
    return False


def covers(actual: str, required: str) -> bool:
    """True when every event matching ``required`` also matches ``actual``."""
    try:
        have = parse(actual)
    except PatternError:
        return False
    want = parse(required)
    return all(
        any(all(any(_implies(g, n) for g in conjunction) for n in candidate) for candidate in have)
        for conjunction in want
    )
