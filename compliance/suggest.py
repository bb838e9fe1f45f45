"""Did-you-mean: the known names closest to what the user typed, for one-line errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(given: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` names of ``known`` that look like ``given`` (best first), by difflib's
    ratio; a name that contains ``given`` (``cis`` -> ``cis-aws-foundations-3.0``) counts too."""
    names = sorted(set(known))
    found = difflib.get_close_matches(given, names, n=limit, cutoff=0.6 if len(given) > 3 else 0.5)
    lowered = given.lower()
    if lowered and len(found) < limit:
        found += [n for n in names if lowered in n.lower() and n not in found][: limit - len(found)]
    return found


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """`` (did you mean 'a' or 'b'?)`` or an empty string."""
    found = closest(given, known)
    if not found:
        return ""
    quoted = [repr(n) for n in found]
    return f"; did you mean {', '.join(quoted[:-1]) + ' or ' + quoted[-1] if len(quoted) > 1 else quoted[0]}?"
