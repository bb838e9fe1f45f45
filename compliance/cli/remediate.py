"""``compliance remediate`` (plan, approve, apply, verify) and ``compliance remediations``
(``list``, ``log``). Thin over :mod:`compliance.remediate`.

Nothing changes without ``--approve`` (asked per resource), ``--yes`` or ``--automatic`` (only
rules the ``--config`` file marks automatic); the default is a dry run that prints the exact
API calls. A dry run of a ``--snapshot`` file makes no AWS call at all.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from dataclasses import replace
from typing import Any

import click

from compliance import engine
from compliance.cli.choice import Choice
from compliance.cli.recording import store_option
from compliance.cli.requests import (
    collection_settings,
    recording_request,
    rule_selection,
    source_request,
    waivers_request,
)
from compliance.cli.scan import announce, evaluation_options
from compliance.cli.source import source_options
from compliance.errors import ExitStatus, InputError, error_code_and_message
from compliance.evaluate import parse_params
from compliance.remediate.audit import Auditor, AuditSink, JsonlAuditLog, caller_identity, open_audit_log
from compliance.remediate.config import RemediationConfig, load_config
from compliance.remediate.engine import (
    Action,
    RemediationRun,
    execute,
    failures_from_log,
    limit_plan,
    plan_actions,
    record_plan,
)
from compliance.remediate.recollect import CollectorRecollector
from compliance.remediate.render import (
    describe_action,
    render_json,
    render_log_table,
    render_text,
    summary_line,
)
from compliance.request import ScanRequest


def _aws_session(options: dict[str, Any], workers: int = 4) -> Any:
    from compliance.collect.session import AwsSession

    return AwsSession(
        profile=options.get("profile"),
        role_arn=options.get("role_arn"),
        external_id=options.get("external_id"),
        role_session_name=options.get("role_session_name") or "compliance-remediation",
        max_pool_connections=max(10, 2 * workers),
    )


def _identity(session: Any) -> tuple[str | None, str | None]:
    try:
        return caller_identity(session.boto_session)
    except Exception as exc:  # no credentials, expired token, no network: say so in one line
        code, message = error_code_and_message(exc)
        raise InputError(f"cannot tell which AWS identity would make the changes (STS): {code}: {message}") from None


def _mode(options: dict[str, Any]) -> str:
    chosen = [m for m in ("approve", "yes", "automatic") if options.get(m)]
    if len(chosen) > 1:
        raise InputError("give one of --approve, --yes, --automatic")
    if chosen and options.get("dry_run"):
        raise InputError(f"--dry-run contradicts --{chosen[0]}")
    return chosen[0] if chosen else "dry-run"


def _confirm(action: Action) -> bool:
    click.echo(describe_action(action))
    return click.confirm("Apply these calls?", default=False)


@click.command()
@source_options
@evaluation_options
@click.option("--dry-run", is_flag=True, help="Only print the plan (the default).")
@click.option("--approve", is_flag=True, help="Ask before changing each resource.")
@click.option("--yes", is_flag=True, help="Apply every planned remediation without asking.")
@click.option("--automatic", is_flag=True, help="Apply only the rules the --config file marks automatic.")
@click.option("--config", "config_path", metavar="FILE", help="Remediation config YAML (see docs/remediation.md).")
@click.option("--enable", "enabled", multiple=True, metavar="ID", help="Allow an opt-in remediation. Repeatable.")
@click.option(
    "--set", "sets", multiple=True, metavar="REMEDIATION.PARAM=VALUE", help="Set a remediation parameter. Repeatable."
)
@click.option(
    "--exclude-tag",
    multiple=True,
    metavar="KEY=VALUE",
    help="Never touch resources with this tag (compliance:exempt=true always applies). Repeatable.",
)
@click.option("--exclude-resource", multiple=True, metavar="GLOB", help="Never touch matching ids/ARNs. Repeatable.")
@click.option("--exclude-account", multiple=True, metavar="ID", help="Never touch this account. Repeatable.")
@click.option("--waivers", "waivers_path", metavar="FILE", help="Waivers YAML: waived findings are never remediated.")
@click.option("--max-changes", type=click.IntRange(min=0), help="Change at most this many resources in this run.")
@store_option
@click.option("--no-store", is_flag=True, help="Record neither the scan nor audit records in the history store.")
@click.option(
    "--audit-log",
    "audit_path",
    metavar="FILE",
    help="Append audit records to this JSON Lines file instead of the history store (which is then not used).",
)
@click.option(
    "--format", "-f", "fmt", type=Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.pass_obj
def remediate(state: Any, **options: Any) -> int:
    """Plan (and with --approve/--yes/--automatic apply) fixes for failing resources."""
    plugins = state.plugins
    mode = _mode(options)
    config = load_config(options["config_path"]) if options.get("config_path") else RemediationConfig()
    if mode == "automatic" and not options.get("config_path"):
        raise InputError("--automatic needs --config FILE listing the automatic rules")
    exclusions = config.exclusions.merged(
        options["exclude_tag"], options["exclude_resource"], options["exclude_account"]
    )
    max_changes = options["max_changes"] if options["max_changes"] is not None else config.max_changes
    overrides = parse_params(options["sets"], "--set", "REMEDIATION")
    source = source_request(options)
    selection, _ = rule_selection(options, plugins)
    request = ScanRequest(
        source=source,
        selection=selection,
        collection=collection_settings(options, plugins, source, for_rules=True),
        recording=replace(
            recording_request(options), enabled=not (options.get("no_store") or options.get("audit_path"))
        ),
        gate=waivers_request(options),
    )
    applier = None  # a snapshot's resources are changed with the options' credentials: check them first
    if mode != "dry-run" and not source.collects:
        session = _aws_session(options)
        applier = (session, _identity(session))
    with ExitStack() as stack:
        sink = _audit_sink(options, stack)
        with engine.scanning(request, plugins) as outcome:  # the demo account stays up while remediated
            announce(outcome)
            run, auditor, applying, left_out = _remediate(
                outcome, applier, plugins, options, mode, config, exclusions, max_changes, overrides, sink
            )
    counts = run.counts()
    if options["fmt"] == "json":
        click.echo(render_json(run.actions, counts, mode), nl=False)
    else:
        click.echo(render_text(run.actions, applied=applying), nl=False)
    click.echo(summary_line(counts, applied=applying), err=True)
    if left_out:
        click.echo(f"compliance: {len(left_out)} planned change(s) left out: {left_out[0].reason}", err=True)
    where = getattr(getattr(sink, "store", None), "url", None) or getattr(sink, "path", None)
    if where and auditor.records:
        click.echo(f"compliance: {len(auditor.records)} audit record(s) appended to {where}", err=True)
    return ExitStatus.OK if run.ok else ExitStatus.FAILING


def _audit_sink(options: dict[str, Any], stack: ExitStack) -> AuditSink | None:
    """--audit-log FILE, else the history store (--store / $COMPLIANCE_STORE / default) unless --no-store."""
    if options.get("audit_path"):
        return JsonlAuditLog(options["audit_path"])
    if options.get("no_store"):
        return None
    from compliance.history import open_store

    return open_audit_log(store=stack.enter_context(open_store(options.get("store_url"))))


def _remediate(
    outcome: engine.ScanOutcome,
    applier: tuple[Any, tuple[str | None, str | None]] | None,
    plugins: Any,
    options: dict[str, Any],
    mode: str,
    config: RemediationConfig,
    exclusions: Any,
    max_changes: int | None,
    overrides: dict[str, dict[str, str]],
    sink: AuditSink | None,
) -> tuple[RemediationRun, Auditor, bool, list[Action]]:
    result, session, live = outcome.result, outcome.session, outcome.collected
    applying = mode != "dry-run"
    if applier is not None:
        session, (principal, account_id) = applier
    else:
        principal, account_id = _identity(session) if session is not None else (None, None)
    auditor = Auditor(sink, plugins.hook, mode=mode, principal=principal)
    boto = session.boto_session if session is not None else None
    actions = plan_actions(
        result,
        plugins.remediations,
        config=config,
        exclusions=exclusions,
        enabled=options["enabled"],
        overrides=overrides,
        session=boto if (live or applying) else None,
        only_automatic=mode == "automatic",
    )
    if not applying:  # the plan shows what --yes would do: the same limits, each left-out action saying why
        left_out = limit_plan(actions, max_changes=max_changes, account_id=account_id)
        record_plan(actions, auditor)
        return RemediationRun(actions, auditor.records), auditor, applying, left_out
    record_plan(actions, auditor)
    run = execute(
        actions,
        result,
        session=boto,
        recollector=CollectorRecollector(plugins.collectors.values(), session),
        auditor=auditor,
        approve=_confirm if mode == "approve" else (lambda action: True),
        max_changes=max_changes,
        prior_failures=failures_from_log(sink) if mode == "automatic" else (lambda action: 0),
        account_id=account_id,
    )
    return run, auditor, applying, []


@click.group()
def remediations() -> None:
    """The available remediations and the audit log of what they did."""


@remediations.command("list")
@click.option(
    "--format", "-f", "fmt", type=Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.pass_obj
def list_remediations(state: Any, fmt: str) -> None:
    """Every registered remediation: the rules it fixes, its parameters and IAM permissions."""
    items = sorted(state.plugins.remediations.values(), key=lambda r: r.id)
    if fmt == "json":
        data = [
            {
                "id": r.id,
                "title": r.title,
                "rules": list(r.rule_ids),
                "resourceTypes": list(r.resource_types),
                "permissions": list(r.permissions),
                "optIn": r.opt_in,
                "source": r.source,
                "parameters": {
                    n: {"type": p.type.__name__, "default": p.default, "description": p.description}
                    for n, p in r.parameters.items()
                },
            }
            for r in items
        ]
        click.echo(json.dumps(data, indent=1))
        return
    for r in items:
        flag = " (opt-in)" if r.opt_in else ""
        click.echo(f"{r.id}{flag}: {r.title}")
        click.echo(f"  fixes: {', '.join(r.rule_ids)}")
        click.echo(f"  permissions: {', '.join(r.permissions)}")
        for name, param in r.parameters.items():
            click.echo(
                f"  --set {r.id}.{name}=...  ({param.type.__name__}, default {param.default!r}) {param.description}"
            )


@remediations.command("policy")
@click.option("--id", "ids", multiple=True, metavar="ID", help="Only these remediations (default: all). Repeatable.")
@click.pass_obj
def policy(state: Any, ids: tuple[str, ...]) -> None:
    """Print the IAM policy (JSON) that lets 'compliance remediate' apply the remediations."""
    from compliance.remediate.base import remediation_policy

    known = state.plugins.remediations
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise InputError(f"--id: unknown remediation {unknown[0]!r} (see 'compliance remediations list')")
    chosen = [known[i] for i in ids] if ids else list(known.values())
    click.echo(json.dumps(remediation_policy(chosen), indent=2))


@remediations.command("log")
@store_option
@click.option(
    "--audit-log", "audit_path", metavar="FILE", help="Read this JSON Lines audit log, not the history store."
)
@click.option("--since", metavar="TIMESTAMP", help="Only records at or after this time (ISO 8601 or a date).")
@click.option("--account", metavar="ID", help="Only records of this account.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="Output format (jsonl: one record per line).",
)
@click.option("--run", "run_id", metavar="ID", help="Only the records of this run.")
@click.option(
    "--event",
    "events",
    multiple=True,
    type=Choice(["planned", "applied", "skipped", "failed"]),
    help="Only these events. Repeatable.",
)
def log(
    store_url: str | None,
    audit_path: str | None,
    since: str | None,
    account: str | None,
    fmt: str,
    run_id: str | None,
    events: tuple[str, ...],
) -> None:
    """Export the remediation audit log (every planned, applied, skipped and failed action)."""
    from compliance.history import open_store
    from compliance.history.remediations import select

    if audit_path:
        found = select(JsonlAuditLog(audit_path).read(), since, account)
    else:
        with open_store(store_url, create=False) as store:
            found = store.remediation_records(since=since, account=account)
    records = [
        r for r in found if (not run_id or r.get("runId") == run_id) and (not events or r.get("event") in events)
    ]
    if fmt == "json":
        click.echo(json.dumps(records, indent=1, default=str))
    elif fmt == "jsonl":
        sys.stdout.write("".join(json.dumps(r, sort_keys=True, default=str) + "\n" for r in records))
    else:
        click.echo(render_log_table(records) if records else "No remediation records.")


COMMANDS = [remediate, remediations]
