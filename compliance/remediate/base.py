"""The remediation contract: what one remediation declares, the API calls it plans, and how they run.

A remediation reads like a rule::

    @remediation(
        id="s3-enable-versioning",
        title="Turn on S3 bucket versioning",
        rules=["s3-bucket-versioning-enabled"],
        resource_types=["AWS::S3::Bucket"],
        permissions=["s3:PutBucketVersioning"],
    )
    def enable_versioning(item):
        status = item.get("supplementaryConfiguration.BucketVersioningConfiguration.status")
        if status == "Enabled":
            return []                       # compliant: nothing to do (idempotence)
        return [ApiCall("s3", "put_bucket_versioning", item.awsRegion,
                        {"Bucket": item.resourceId, "VersioningConfiguration": {"Status": "Enabled"}})]

The plan function asks for what it needs by argument name, as a rule does: ``item`` (the
configuration item to fix), ``params`` (the remediation's parameters, defaults applied),
``rule_params`` (the parameters of the rule as the scan ran it, so a fix meets the same bar),
``snapshot`` (a :class:`compliance.rule.SnapshotView` of the account), ``region`` (the region an
account-wide evaluation was made for) and ``session`` (a boto3 session, only when applying: None
in a dry run, which makes no AWS call). It returns the exact API calls, or ``[]`` when the
resource already complies, or raises :class:`CannotRemediate` saying why it cannot fix it.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from compliance.declare import Param, call_with, check_arguments, declared_in, resolve_parameters
from compliance.errors import error_code_and_message

# boto3 client name -> AWS CLI command, where they differ.
_CLI_SERVICE = {"s3": "s3api"}


class CannotRemediate(Exception):
    """Raised by a plan function that cannot fix this resource; the message says why."""


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One AWS API call: boto3 client name, boto3 method name, region and request parameters."""

    service: str
    operation: str
    region: str
    parameters: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def api_name(self) -> str:
        """The API's own name (``PutBucketVersioning``, ``ModifyDBInstance``), as IAM and
        CloudTrail spell it, from botocore's service model."""
        return _api_names(self.service).get(
            self.operation, "".join(part[:1].upper() + part[1:] for part in self.operation.split("_"))
        )

    def cli(self) -> str:
        """The equivalent AWS CLI command, runnable as printed."""
        command = _CLI_SERVICE.get(self.service, self.service)
        payload = json.dumps(self.parameters, sort_keys=True, separators=(",", ":"), default=str)
        quoted = "'" + payload.replace("'", "'\\''") + "'"
        args = f" --cli-input-json {quoted}" if self.parameters else ""
        return f"aws {command} {self.operation.replace('_', '-')} --region {self.region}{args}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "operation": self.operation,
            "api": self.api_name,
            "region": self.region,
            "parameters": self.parameters,
            "description": self.description,
            "cli": self.cli(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApiCall:
        return cls(
            data["service"],
            data["operation"],
            data["region"],
            dict(data.get("parameters") or {}),
            data.get("description", ""),
        )


@functools.cache
def _api_names(service: str) -> dict[str, str]:
    """boto3 method name -> API operation name for ``service`` ({} for an unknown service)."""
    import botocore.session
    from botocore import xform_name
    from botocore.exceptions import UnknownServiceError

    try:
        model = botocore.session.get_session().get_service_model(service)
    except UnknownServiceError:
        return {}
    return {xform_name(name): name for name in model.operation_names}


class ApplyError(Exception):
    """An API call of a plan failed. ``done`` are the calls that succeeded before it."""

    def __init__(self, call: ApiCall, exc: BaseException, done: Sequence[ApiCall]) -> None:
        self.call = call
        self.code, self.message = error_code_and_message(exc)
        self.done = list(done)
        super().__init__(f"{call.service} {call.api_name} failed: {self.code}: {self.message}")


def apply_calls(plan: Sequence[ApiCall], session: Any) -> list[dict[str, Any]]:
    """Run the calls in order on ``session``'s clients; stop at the first failure (a later call
    may depend on an earlier one) with :class:`ApplyError`. Returns each call's response."""
    responses: list[dict[str, Any]] = []
    done: list[ApiCall] = []
    clients: dict[tuple[str, str], Any] = {}
    for call in plan:
        try:
            client = clients.get((call.service, call.region))
            if client is None:
                client = clients[(call.service, call.region)] = session.client(call.service, region_name=call.region)
            response = getattr(client, call.operation)(**call.parameters)
        except Exception as exc:  # every failure, API or transport, is reported with the call it stopped at
            raise ApplyError(call, exc, done) from exc
        done.append(call)
        responses.append({k: v for k, v in (response or {}).items() if k != "ResponseMetadata"})
    return responses


_PLAN_ARGS = {"item", "params", "rule_params", "snapshot", "region", "session", "evaluation"}


@dataclass(slots=True)
class Remediation:
    """A remediation's metadata and its plan function. Build it with :func:`remediation`."""

    id: str
    title: str
    rule_ids: tuple[str, ...]
    resource_types: tuple[str, ...]
    plan_function: Callable[..., list[ApiCall]]
    permissions: tuple[str, ...] = ()
    parameters: dict[str, Param] = field(default_factory=dict)
    description: str = ""
    opt_in: bool = False  # destructive: only runs when explicitly enabled
    services: tuple[str, ...] = ()  # collectors to re-run to verify (default: those of the rule's types)
    apply_function: Callable[[Sequence[ApiCall], Any], list[dict[str, Any]]] = apply_calls
    source: str = ""

    def resolve_parameters(self, given: dict[str, Any] | None, where: str = "") -> dict[str, Any]:
        """Defaults overlaid with ``given``, each coerced to its type; unknown names are errors."""
        return resolve_parameters(self.parameters, given, f"remediation {self.id}", where)

    def plan(self, item: Any, params: dict[str, Any] | None = None, **available: Any) -> list[ApiCall]:
        """The exact calls that would bring ``item`` back to compliance; [] when it complies."""
        available = {
            "params": self.resolve_parameters(params),
            "rule_params": {},
            "snapshot": None,
            "region": getattr(item, "awsRegion", ""),
            "session": None,
            "evaluation": None,
            **available,
            "item": item,
        }
        calls = call_with(self.plan_function, available)
        return list(calls or [])

    def apply(self, plan: Sequence[ApiCall], session: Any) -> list[dict[str, Any]]:
        return self.apply_function(plan, session)


def remediation(
    *,
    id: str,
    title: str,
    rules: Iterable[str],
    resource_types: Iterable[str],
    permissions: Iterable[str] = (),
    parameters: dict[str, Param] | None = None,
    opt_in: bool = False,
    services: Iterable[str] = (),
) -> Callable[[Callable[..., list[ApiCall]]], Remediation]:
    """Declare a remediation. The decorated plan function's docstring becomes its description."""

    def decorate(func: Callable[..., list[ApiCall]]) -> Remediation:
        check_arguments(func, _PLAN_ARGS, f"remediation {id}")
        return Remediation(
            id=id,
            title=title,
            rule_ids=tuple(rules),
            resource_types=tuple(resource_types),
            plan_function=func,
            permissions=tuple(permissions),
            parameters=dict(parameters or {}),
            description=inspect.cleandoc(func.__doc__ or ""),
            opt_in=opt_in,
            services=tuple(services),
        )

    return decorate


def remediations_in(module: ModuleType) -> list[Remediation]:
    """Every Remediation defined at the top level of ``module``, in source order."""
    return declared_in(module, Remediation)


def remediation_policy(remediations: Iterable[Remediation]) -> dict[str, Any]:
    """An identity policy allowing exactly the actions ``remediations`` declare (to apply them;
    verification re-collects with the scan's read-only permissions)."""
    actions = sorted({a for r in remediations for a in r.permissions})
    return {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "ComplianceRemediate", "Effect": "Allow", "Action": actions, "Resource": "*"}],
    }
