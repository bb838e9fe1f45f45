"""The demo account's clock and dice, so every demo run reads the same account.

The simulator draws identifiers (instance ids, key ids, ARNs with UUIDs, IP addresses) from one
seedable random source (``moto.moto_api._internal.mock_random``): :func:`seed_identifiers`
seeds it before the account is seeded. Timestamps the simulator writes (creation times, last
delivery times, credential report dates) are the wall clock of the run: :func:`fix_timestamps`
moves every timestamp in the collected items to the start of its UTC day in whole seconds,
keeping its date, separator and zone (and the names made from the clock: automated RDS
snapshots ``rds:DB-DATE-HH-MM``), so two runs on the same day collect identical configurations and verdicts, and
whole-day ages (a key rotated 100 days ago) are kept.
"""

from __future__ import annotations

import re
from typing import Any

from compliance.model import ConfigurationItem

DEMO_SEED = 20240917  # any constant: the demo is the same account on every run

# 2024-09-17T08:15:30.123456+00:00, 2024-09-17 08:15:30Z, 2024-09-17T08:15:30 (naive)
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
# Identifiers the simulator makes from the clock: automated RDS snapshots are named
# rds:DB-YYYY-MM-DD-HH-MM (in their id, ARN and configuration).
_CLOCK_NAME = re.compile(r"(rds:[A-Za-z0-9-]+?-\d{4}-\d{2}-\d{2})-\d{2}-\d{2}\b")


def seed_identifiers(module: str) -> None:
    """Seed the simulator's random source before ``module`` seeds its service (each module gets its
    own seed, so adding a seed module leaves the others' identifiers as they were)."""
    from moto.moto_api._internal import mock_random

    mock_random.seed(f"{DEMO_SEED}:{module}")


def _start_of_day(text: str) -> str:
    match = _TIMESTAMP.match(text)
    if not match:
        return text
    date, sep, _h, _m, _s, fraction, zone = match.groups()
    if zone and zone not in ("Z", "+00:00", "+0000", "-00:00"):
        return text  # not UTC: leave it (the simulator writes UTC)
    # The fraction goes: the simulator writes it only when the microsecond is not zero
    # (datetime.isoformat), so keeping it would make one run's spelling differ from the next.
    return f"{date}{sep}00:00:00{zone or ''}"


def _fixed(value: Any) -> Any:
    if isinstance(value, str):
        if "rds:" in value:
            value = _CLOCK_NAME.sub(r"\1-00-00", value)
        return _start_of_day(value) if len(value) >= 19 and value[4] == "-" else value
    if isinstance(value, dict):
        return {key: _fixed(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_fixed(inner) for inner in value]
    return value


def fix_timestamps(items: list[ConfigurationItem]) -> None:
    """Every timestamp in ``items``' recorded state at the start of its UTC day (in place)."""
    for item in items:
        item.resourceId = _fixed(item.resourceId)
        item.arn = _fixed(item.arn) if item.arn else item.arn
        item.resourceName = _fixed(item.resourceName) if item.resourceName else item.resourceName
        item.configuration = _fixed(item.configuration)
        item.supplementaryConfiguration = _fixed(item.supplementaryConfiguration)
        if item.resourceCreationTime:
            item.resourceCreationTime = _start_of_day(item.resourceCreationTime)
        item.configurationItemMD5Hash = item.compute_hash()
        item.configurationStateId = item.configurationItemMD5Hash[:16]
