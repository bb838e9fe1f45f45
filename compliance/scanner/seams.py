"""The scanner's integration points with the history store, Security Hub export and remediation.

Each stage is looked up here and only here, so the rest of the scanner depends on three small
functions. A stage that is not installed raises :class:`StageUnavailable`; the pipeline reports
it in the run summary (and the logs) instead of silently skipping it.
"""

from __future__ import annotations

import importlib
from typing import Any

from compliance.errors import InputError
from compliance.results import ScanResult

FALLBACK_AUDIT_PATH = "/tmp/compliance-remediation-audit.jsonl"


class StageUnavailable(Exception):
    """A pipeline stage's module is not part of this installation."""


def _module(name: str, stage: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise StageUnavailable(f"{stage} is not available: {exc}") from None


# ---------------------------------------------------------------- history


def open_history(url: str) -> Any:
    """The history store behind ``url`` (``s3://bucket/prefix``, a SQLite path, ...)."""
    history = _module("compliance.history", "the history store")
    opener = getattr(history, "open_store", None)
    if opener is None:
        raise StageUnavailable("the history store is not available: compliance.history has no open_store")
    return opener(url)


# ---------------------------------------------------------------- Security Hub


def export_to_securityhub(result: ScanResult, session: Any, region: str) -> dict[str, Any]:
    """Import ``result``'s findings into Security Hub in ``region`` (earlier ones that now pass are
    resolved); returns the export's counts. Findings Security Hub still rejects fail the stage."""
    exporter = _module("compliance.securityhub", "the Security Hub export")
    summary = exporter.export_to_security_hub(result, session.client("securityhub", region_name=region), region)
    counts = {
        "imported": summary.imported,
        "resolved": summary.resolved,
        "batches": summary.batches,
        "retried": summary.retried,
        "failed": len(summary.failed),
    }
    if summary.failed:
        first = summary.failed[0]
        raise RuntimeError(
            f"{len(summary.failed)} finding(s) not imported, e.g. {first.get('Id')}: "
            f"{first.get('ErrorCode')}: {first.get('ErrorMessage')} ({counts})"
        )
    return counts


# ---------------------------------------------------------------- remediation


def load_remediation_config(location: str, read_s3: Any) -> Any:
    """The remediation config at ``location``: ``s3://bucket/key`` (read with ``read_s3``) or a file."""
    config = _module("compliance.remediate.config", "remediation")
    if location.startswith("s3://"):
        from compliance.yamlio import parse_yaml

        try:
            text = read_s3(location)
        except Exception as exc:
            raise InputError(f"COMPLIANCE_REMEDIATION_CONFIG {location}: cannot read: {exc}") from None
        return config.parse_config(parse_yaml(text, location), location)
    return config.load_config(location)


def remediate(
    result: ScanResult, plugins: Any, remediation_config: Any, session: Any, collectors: list[Any], store: Any
) -> dict[str, int]:
    """Apply the automatic remediations ``remediation_config`` opts in to; returns counts by status."""
    engine = _module("compliance.remediate", "remediation")
    if store is not None and hasattr(store, "append_remediation_records"):
        sink = engine.open_audit_log(store=store)
    else:  # the function's only writable place; the records also reach the logs through the hook
        sink = engine.open_audit_log(path=FALLBACK_AUDIT_PATH)
    run = engine.remediate_automatically(
        result,
        plugins.remediations,
        remediation_config,
        session=session,
        recollector=engine.CollectorRecollector(collectors, session),
        sink=sink,
        hook=plugins.hook,
    )
    from compliance.scanner.logs import log

    for record in run.records:  # the audit trail also goes to the function's logs
        log("remediation.record", **{k: v for k, v in record.items() if k != "event"})
    return dict(run.counts())
