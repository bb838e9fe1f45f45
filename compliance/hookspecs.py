"""The plugin contract. These docstrings are the plugin author's manual.

A plugin is any module (or object) with functions named after the hooks below, marked with
``compliance.hookimpl``. Register it in one of three ways:

* ship it in a package that declares an entry point in the ``compliance`` group::

      [project.entry-points.compliance]
      my_rules = "my_package.rules"

* name it on the command line: ``compliance --plugin ./my_rules.py scan ...`` (a module name,
  a ``.py`` file, or a ``.yaml`` file of declarative rules or a pack);
* or, for the built-ins, list it in ``compliance.plugins.BUILTIN_PLUGINS``.

Registration hooks receive a ``register`` callback instead of returning lists, so a plugin
registers exactly what it means to and the host knows which plugin registered what. An id
registered by two plugins is an error that names both. Set ``COMPLIANCE_DISABLE_PLUGINS`` to a
comma-separated list of plugin names to keep them from loading.

Example::

    from compliance import hookimpl
    from compliance.rule import rule, compliant, non_compliant

    @rule(id="ec2-instance-has-owner-tag", title="Instances carry an owner tag",
          resource_types=["AWS::EC2::Instance"], severity="low", reads=["tags"])
    def has_owner(ci):
        return compliant() if "owner" in ci.tags else non_compliant("no 'owner' tag")

    @hookimpl
    def compliance_register_rules(register):
        register(has_owner)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    from compliance.collect.base import Collector
    from compliance.model import Evaluation, Snapshot
    from compliance.packs import Pack
    from compliance.remediate.base import Remediation
    from compliance.report import Reporter
    from compliance.results import ScanResult
    from compliance.rule import Rule

PROJECT_NAME = "compliance"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def compliance_register_rules(register: Callable[[Rule], None]) -> None:
    """Register rules: call ``register(rule)`` with each :class:`compliance.rule.Rule`.

    Build rules with the :func:`compliance.rule.rule` decorator, or compile declarative YAML
    with :func:`compliance.yaml_rules.load_rule_file`. A rule id should be the AWS Config
    managed rule identifier when the rule checks the same thing, with the same parameters.

    Declare what the rule reads (``reads=[...]`` property paths, ``account_settings=[...]``):
    a scan collects only what its selected rules declare, ``compliance permissions`` asks only
    for the calls that fill it, and a rule without a declaration makes its types read whole.
    """


@hookspec
def compliance_register_packs(register: Callable[[Pack | str | Path], None]) -> None:
    """Register packs: call ``register(pack)`` with a :class:`compliance.packs.Pack`, or with
    the path of a pack YAML file (see :mod:`compliance.packs` for the format)."""


@hookspec
def compliance_register_collectors(register: Callable[[Collector], None]) -> None:
    """Register collectors: call ``register(collector)`` with a
    :class:`compliance.collect.base.Collector`.

    A collector reads one AWS service in one region (or once, for global services) and yields
    configuration items shaped as AWS Config records them. It declares the resource types it
    produces and every IAM action it calls; it never evaluates anything. A failed call is
    recorded as a :class:`compliance.model.CollectionError`, never swallowed.
    """


@hookspec
def compliance_register_remediations(register: Callable[[Remediation], None]) -> None:
    """Register remediations: call ``register(remediation)`` with a
    :class:`compliance.remediate.Remediation`.

    A remediation declares the rules it fixes, its parameters and the IAM actions it needs,
    and offers ``plan(item, params)`` (the exact API calls) and ``apply``. It must be
    idempotent: applying it to a compliant resource changes nothing.
    """


@hookspec
def compliance_register_reporters(register: Callable[[Reporter], None]) -> None:
    """Register output formats: call ``register(reporter)`` with a
    :class:`compliance.report.Reporter` (a name, a file extension and a ``render`` function
    from a :class:`compliance.results.ScanResult` to text or bytes). A format whose output
    grows with the number of evaluations may also give ``write``, which streams the same
    content into a binary file object instead of building it whole in memory."""


@hookspec
def compliance_scan_started(snapshot: Snapshot) -> None:
    """Called once per scan, whatever the entry point (every CLI command that scans, the Lambda
    scanner, the organization worker; see :mod:`compliance.engine`), once the snapshot to
    evaluate is known and before any rule runs."""


@hookspec
def compliance_scan_finished(result: ScanResult) -> None:
    """Called once per scan after evaluation and recording (so after every
    ``compliance_evaluation_changed``), with the whole result, before reports are written."""


@hookspec
def compliance_evaluation_changed(previous: Evaluation | None, current: Evaluation) -> None:
    """Called, once the scan is recorded into the history store, for each evaluation whose
    compliance differs from the previous recorded scan (``previous`` is None for a resource or
    rule seen for the first time). Not called when the scan is not recorded (``--no-store``, a
    re-evaluation of the stored state, a Lambda scan without a store)."""


@hookspec
def compliance_remediation_recorded(record: dict[str, Any]) -> None:
    """Called for every remediation audit record (planned, applied, skipped or failed)."""
