"""Where a scan's snapshot comes from: a file (``--snapshot``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from compliance.errors import InputError
from compliance.model import Snapshot
from compliance.snapshot import load_snapshot


def source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--snapshot",
        "snapshot_path",
        metavar="FILE",
        help="Evaluate this snapshot file (ours, AWS Config's, CLI output or JSON Lines; .gz ok).",
    )(func)
    return func


def obtain_snapshot(options: dict[str, Any], plugins: Any) -> Snapshot:
    path = options.get("snapshot_path")
    if path:
        return load_snapshot(path)
    raise InputError("nothing to scan: give --snapshot FILE")
