"""The CLI boundary: click options in, typed requests (:mod:`compliance.request`) out.

Every option is checked here, before any AWS call or demo start: formats, output paths, packs,
rules and parameters, waiver and baseline files, regions and services. Below
``compliance/cli/`` nothing takes the options dict.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from compliance.engine import select
from compliance.errors import InputError
from compliance.evaluate import parse_params
from compliance.gate import GatePolicy
from compliance.history import DEFAULT_RETENTION_DAYS
from compliance.packs import Pack
from compliance.request import (
    CollectionSettings,
    GateRequest,
    Outputs,
    Recording,
    RuleSelection,
    ScanRequest,
    Source,
)
from compliance.suggest import did_you_mean

LIVE_OPTIONS = ("demo", "profile", "role_arn", "external_id", "regions", "services")
REGION_NAME = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def split(values: Iterable[str] | None) -> list[str]:
    """Repeated and comma-separated values (``--regions a,b --regions c``) as one list."""
    return [v.strip() for value in values or () for v in str(value).split(",") if v.strip()]


def _flag(name: str) -> str:
    return "--snapshot" if name == "snapshot_path" else f"--{name.replace('_', '-')}"


def source_request(options: dict[str, Any]) -> Source:
    """``--snapshot-at`` (the stored state), ``--snapshot FILE``, ``--demo`` or the live account."""
    if options.get("snapshot_at"):
        given = [name for name in ("snapshot_path", *LIVE_OPTIONS) if options.get(name)]
        if given:
            raise InputError(f"--snapshot-at reads the history store; it cannot be combined with {_flag(given[0])}")
        return Source.stored(options.get("store_url"), at=options["snapshot_at"])
    if options.get("planned_path"):
        given = [name for name in ("snapshot_path", *LIVE_OPTIONS) if options.get(name)]
        if given:
            raise InputError(f"--planned cannot be combined with {_flag(given[0])}")
        from compliance.planned import parse_parameters

        paths = options["planned_path"]
        paths = (paths,) if isinstance(paths, str) else tuple(paths)
        return Source.planned(*paths, parameters=parse_parameters(options.get("template_parameters") or ()))
    if options.get("template_parameters"):
        raise InputError("--parameter needs --planned")
    if options.get("snapshot_path"):
        given = [name for name in LIVE_OPTIONS if options.get(name)]
        if given:
            raise InputError(f"--snapshot cannot be combined with {_flag(given[0])}")
        paths = options["snapshot_path"]
        paths = (paths,) if isinstance(paths, str) else tuple(paths)
        return Source.file(*paths, skip_invalid=bool(options.get("skip_invalid")))
    if options.get("skip_invalid"):
        raise InputError("--skip-invalid needs --snapshot")
    if options.get("demo"):
        for name in ("profile", "role_arn", "external_id"):
            if options.get(name):
                raise InputError(f"--demo cannot be combined with {_flag(name)}")
        return Source.demo()
    return Source(
        "live",
        profile=options.get("profile"),
        role_arn=options.get("role_arn"),
        external_id=options.get("external_id"),
        role_session_name=options.get("role_session_name") or "compliance-scan",
    )


def collection_settings(
    options: dict[str, Any], plugins: Any, source: Source, *, for_rules: bool = False
) -> CollectionSettings:
    """``--regions``, ``--services`` and ``--workers``, checked (the demo has only its own regions)."""
    regions = split(options.get("regions"))
    services = split(options.get("services"))
    bad = [r for r in regions if not REGION_NAME.match(r)]
    if bad:
        raise InputError(f"--regions: {bad[0]!r} is not a region name (such as us-east-1)")
    if source.kind == "demo":
        from compliance.demo import DEMO_REGIONS

        unknown = [r for r in regions if r not in DEMO_REGIONS]
        if unknown:
            hint = did_you_mean(unknown[0], DEMO_REGIONS)
            raise InputError(f"--regions: the demo account has {', '.join(DEMO_REGIONS)}, not {unknown[0]!r}{hint}")
    if services:
        from compliance.collect.runner import select_collectors

        select_collectors(plugins.collectors.values(), services)  # an unknown service is an InputError
    return CollectionSettings(tuple(regions), tuple(services), options.get("workers"), for_rules=for_rules)


def rule_selection(options: dict[str, Any], plugins: Any) -> tuple[RuleSelection, list[Pack]]:
    """``--pack``, ``--rule`` and ``--param``, resolved once here so that an unknown pack, rule or
    parameter (or a bad parameter value) is refused before the scan starts."""
    selection = RuleSelection(
        tuple(options.get("packs") or ()),
        tuple(options.get("rule_ids") or ()),
        parse_params(tuple(options.get("params") or ())),
        rule_timeout=options.get("rule_timeout"),
    )
    _, packs = select(plugins, selection)
    return selection, packs


def records(options: dict[str, Any]) -> bool:
    """Whether a scan is recorded: live and demo scans by default (unless --no-store), a scan
    of snapshot files only with --store (or $COMPLIANCE_STORE), a --snapshot-at re-evaluation never."""
    if options.get("no_store") or options.get("snapshot_at"):
        return False
    offline = options.get("snapshot_path") or options.get("planned_path")
    return not offline or options.get("store_url") is not None


def recording_request(options: dict[str, Any], *, kind: str = "scan") -> Recording:
    """``--store`` (alone: the default store), ``--no-store`` and ``--retention-days``."""
    return Recording(
        enabled=records(options),
        store_url=options.get("store_url"),
        retention_days=options.get("retention_days") or DEFAULT_RETENTION_DAYS,
        kind=kind,
    )


def outputs_request(options: dict[str, Any], plugins: Any) -> Outputs:
    """``--format`` (repeatable), ``--output``/``--output-dir``, ``--by``, ``--show-passing`` and
    ``--trend``: every format known, every path usable, before any work."""
    from compliance.report.output import REPORT_STEM, load_trend

    formats = list(options.get("formats") or ["table"])
    unknown = [f for f in formats if f not in plugins.reporters]
    if unknown:
        hint = did_you_mean(unknown[0], plugins.reporters)
        raise InputError(
            f"--format: unknown format {unknown[0]!r}{hint} (known: {', '.join(sorted(plugins.reporters))})"
        )
    if len(set(formats)) != len(formats):
        raise InputError(f"--format {next(f for f in formats if formats.count(f) > 1)} given twice")
    output_path, output_dir = options.get("output_path"), options.get("output_dir")
    if output_path and output_dir:
        raise InputError("give --output or --output-dir, not both")
    if output_dir:
        if Path(output_dir).exists() and not Path(output_dir).is_dir():
            raise InputError(f"--output-dir {output_dir}: exists and is not a directory")
        targets = [(f, str(Path(output_dir) / f"{REPORT_STEM}.{plugins.reporters[f].extension}")) for f in formats]
    elif len(formats) > 1:
        raise InputError("several --format values need --output-dir DIR")
    else:
        if output_path and Path(output_path).is_dir():
            raise InputError(f"--output {output_path}: is a directory")
        targets = [(formats[0], output_path)]
    terminal = any(path is None for _, path in targets) and sys.stdout.isatty()
    return Outputs(
        targets=tuple(targets),
        by=options.get("by") or ("resource" if options.get("show_passing") else "summary"),
        show_passing=bool(options.get("show_passing")),
        color=terminal,
        width=shutil.get_terminal_size().columns if terminal else None,
        show_all=bool(options.get("show_all")),
        severity=options.get("show_severity"),
        trend=tuple(load_trend(options["trend_path"])) if options.get("trend_path") else None,
        extra={"artifact": _artifact(options["snapshot_path"])} if options.get("snapshot_path") else {},
    )


def _artifact(paths: str | tuple[str, ...]) -> str:
    """The snapshot file a report refers to (SARIF's artifact): the first of several."""
    return paths if isinstance(paths, str) else paths[0]


def _check_controls(wanted: Iterable[str], packs: list[Pack]) -> None:
    known = set()
    for pack in packs:
        for control in pack.controls:
            known |= {control.id, f"{pack.name}:{control.id}", control.securityHubId}
    for control_id in wanted:
        if control_id not in known:
            where = "no --pack given" if not packs else f"not in {', '.join(p.name for p in packs)}"
            raise InputError(f"--fail-on-control {control_id}: unknown control ({where})")


def waivers_request(options: dict[str, Any]) -> GateRequest | None:
    """``--waivers FILE`` alone (remediate, export): parsed now; None when not given."""
    path = options.get("waivers_path")
    if not path:
        return None
    from compliance.waivers import load_waivers

    return GateRequest(waivers_path=path, waivers=tuple(load_waivers(path)))


def gate_request(options: dict[str, Any], packs: list[Pack]) -> GateRequest:
    """``--fail-on``, ``--fail-on-control``, ``--allow-partial``, ``--waivers`` and ``--baseline``."""
    controls = tuple(options.get("fail_on_controls") or ())
    _check_controls(controls, packs)
    waivers = waivers_request(options)
    baseline = None
    if options.get("baseline_path"):
        from compliance.baseline import load_baseline

        baseline = load_baseline(options["baseline_path"])
    return GateRequest(
        policy=GatePolicy(
            options.get("fail_on") or "informational",
            controls,
            bool(options.get("allow_partial")),
            strict=bool(options.get("strict")),
        ),
        waivers_path=waivers.waivers_path if waivers else None,
        waivers=waivers.waivers if waivers else (),
        baseline_path=options.get("baseline_path"),
        baseline=baseline,
    )


def scan_request(options: dict[str, Any], plugins: Any) -> ScanRequest:
    """``compliance scan``'s request, every option checked."""
    source = source_request(options)
    selection, packs = rule_selection(options, plugins)
    return ScanRequest(
        source=source,
        selection=selection,
        collection=collection_settings(options, plugins, source),
        recording=recording_request(options),
        outputs=outputs_request(options, plugins),
        gate=gate_request(options, packs),
    )
