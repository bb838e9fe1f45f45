"""AWS Security Finding Format (ASFF): what ``export securityhub`` imports, also a file format.

One finding per evaluation, with a stable ``Id`` (rule + account, region, type, id) so a later
import updates the same finding. ``Compliance.Status``: COMPLIANT -> PASSED, NON_COMPLIANT ->
FAILED, NOT_APPLICABLE / INSUFFICIENT_DATA / ERROR -> NOT_AVAILABLE with a ``StatusReasons``
code saying which. Suppressed findings get ``Workflow.Status`` SUPPRESSED and a ``Note`` with
the waiver's reason; passing ones RESOLVED. Findings are imported into the account's own
"default" product (``product/ACCOUNT/default``), the one every account may write to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from functools import cache
from typing import IO, Any

from compliance.model import ACCOUNT_RESOURCE_TYPE, ComplianceType, Evaluation
from compliance.report import Reporter, ReportOptions, rendered, write_array_items
from compliance.report.common import suppression_text
from compliance.results import ScanResult

SCHEMA_VERSION = "2018-10-08"
ID_PREFIX = "compliance"
DEFAULT_REGION = "us-east-1"
_TYPES = ["Software and Configuration Checks/Industry and Regulatory Standards"]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def partition_of(arn: str | None) -> str:
    return arn.split(":")[1] if arn and arn.startswith("arn:") and arn.count(":") >= 2 else "aws"


def product_arn(account_id: str, region: str, partition: str = "aws") -> str:
    return f"arn:{partition}:securityhub:{region}:{account_id}:product/{account_id}/default"


def finding_id(e: Evaluation) -> str:
    ident = f"{ID_PREFIX}/{e.configRuleName}/{e.accountId}/{e.awsRegion or 'global'}/{e.resourceType}/{e.resourceId}"
    if len(ident) <= 512:
        return ident
    digest = hashlib.sha256(ident.encode()).hexdigest()
    return f"{ID_PREFIX}/{_clip(e.configRuleName, 200)}/{e.accountId}/{digest}"


_SERVICE_SPELLING = {
    "ElasticLoadBalancing": "Elb",
    "ElasticLoadBalancingV2": "Elbv2",
    "OpenSearch": "OpenSearchService",
}


@cache
def _asff_types() -> frozenset[str]:
    """The resource types ASFF defines: the members of Security Hub's ResourceDetails shape."""
    import botocore.session

    model = botocore.session.get_session().get_service_model("securityhub")
    return frozenset(model.shape_for("ResourceDetails").members)


def _camel(word: str) -> str:
    # EC2 -> Ec2, DBInstance -> DbInstance, IAM -> Iam: ASFF capitalises acronyms as words.
    return re.sub(r"[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)", lambda m: m[0][0] + m[0][1:].lower(), word)


@cache
def asff_resource_type(resource_type: str) -> str:
    """``AWS::EC2::SecurityGroup`` -> ``AwsEc2SecurityGroup``; a type ASFF does not define -> ``Other``."""
    if resource_type == ACCOUNT_RESOURCE_TYPE:
        return "AwsAccount"
    parts = resource_type.split("::")
    if len(parts) != 3 or parts[0] != "AWS":
        return "Other"
    service = _SERVICE_SPELLING.get(parts[1], parts[1])
    for candidate in ("Aws" + service + parts[2], "Aws" + _camel(service) + _camel(parts[2])):
        if candidate in _asff_types():
            return candidate
    return "Other"


def _status_reason(e: Evaluation) -> dict[str, str] | None:
    if e.complianceType is ComplianceType.NOT_APPLICABLE:
        code = "CONFIG_RETURNS_NOT_APPLICABLE"
    elif e.complianceType is ComplianceType.ERROR:
        code = "INTERNAL_SERVICE_ERROR"
    elif e.complianceType is ComplianceType.INSUFFICIENT_DATA:
        denied = any(s in e.annotation for s in ("AccessDenied", "UnauthorizedOperation", "AuthorizationError"))
        code = "CONFIG_ACCESS_DENIED" if denied else "CONFIG_EVALUATIONS_EMPTY"
    else:
        return None
    return {"ReasonCode": code, "Description": _clip(e.annotation or e.complianceType.value, 2048)}


_COMPLIANCE = {
    ComplianceType.COMPLIANT: "PASSED",
    ComplianceType.NON_COMPLIANT: "FAILED",
    ComplianceType.NOT_APPLICABLE: "NOT_AVAILABLE",
    ComplianceType.INSUFFICIENT_DATA: "NOT_AVAILABLE",
    ComplianceType.ERROR: "NOT_AVAILABLE",
}


def to_finding(e: Evaluation, titles: dict[str, str], region: str, now: str, security_hub_ids: dict[str, str]) -> dict:
    partition = partition_of(e.arn)
    account = e.accountId or "000000000000"
    resource_region = e.awsRegion if e.awsRegion and e.awsRegion != "global" else region
    title = titles.get(e.configRuleName) or e.ruleId
    compliance: dict[str, Any] = {"Status": _COMPLIANCE[e.complianceType]}
    if e.controls:
        compliance["RelatedRequirements"] = [_clip(c, 256) for c in e.controls[:32]]
    control_ids = sorted({security_hub_ids[c] for c in e.controls if c in security_hub_ids})
    if control_ids:
        compliance["SecurityControlId"] = control_ids[0]
    reason = _status_reason(e)
    if reason:
        compliance["StatusReasons"] = [reason]
    finding: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": finding_id(e),
        "ProductArn": product_arn(account, region, partition),
        "GeneratorId": _clip(f"{ID_PREFIX}/{e.configRuleName}", 512),
        "AwsAccountId": account,
        "Types": list(_TYPES),
        "CreatedAt": now,
        "UpdatedAt": now,
        "Severity": {"Label": e.severity.value, "Original": e.severity.value},
        "Title": _clip(f"{title}", 256),
        "Description": _clip(f"{e.configRuleName} ({e.complianceType.value}): {e.annotation or title}", 1024),
        "ProductFields": {
            "compliance/configRuleName": e.configRuleName,
            "compliance/ruleId": e.ruleId,
            "compliance/complianceType": e.complianceType.value,
        },
        "Resources": [
            {
                "Type": asff_resource_type(e.resourceType),
                "Id": e.arn or e.resourceId,
                "Partition": partition,
                "Region": resource_region,
                "Details": {"Other": {"resourceType": e.resourceType, "resourceId": _clip(e.resourceId, 1024)}},
            }
        ],
        "Compliance": compliance,
        "RecordState": "ACTIVE",
    }
    if e.is_suppressed:
        finding["Workflow"] = {"Status": "SUPPRESSED"}
        finding["Note"] = {"Text": _clip(suppression_text(e), 512), "UpdatedBy": "compliance", "UpdatedAt": now}
    elif e.complianceType is ComplianceType.COMPLIANT:
        finding["Workflow"] = {"Status": "RESOLVED"}
    else:
        finding["Workflow"] = {"Status": "NEW"}
    return finding


def iso_now(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def asff_findings(
    result: ScanResult,
    region: str | None = None,
    now: dt.datetime | None = None,
    titles: dict[str, str] | None = None,
) -> list[dict]:
    """Every evaluation as an ASFF finding; ``region`` is the Security Hub region imported into.

    ``titles`` (configRuleName -> title) is for results rebuilt from a JSON report, which
    carry no rule objects.
    """
    return list(iter_findings(result, region, now, titles))


def iter_findings(
    result: ScanResult,
    region: str | None = None,
    now: dt.datetime | None = None,
    titles: dict[str, str] | None = None,
) -> Iterator[dict]:
    """:func:`asff_findings` one at a time."""
    region = region or next((r for r in result.snapshot.regions if r and r != "global"), DEFAULT_REGION)
    titles = {**(titles or {}), **{c.name: c.rule.title for c in result.rules}}
    security_hub_ids = {
        f"{p.name}:{c.id}": c.securityHubId for p in result.packs for c in p.controls if c.securityHubId
    }
    stamp = iso_now(now)
    for e in result.evaluations:
        yield to_finding(e, titles, region, stamp, security_hub_ids)
    for err in result.snapshot.collectionErrors:
        yield _error_finding(err, region, stamp)


def _error_finding(err: Any, region: str, now: str) -> dict:
    """A collection error as a NOT_AVAILABLE finding on the account, so gaps show in Security Hub."""
    account = err.accountId or "000000000000"
    ident = f"{ID_PREFIX}/collection/{account}/{err.region or 'global'}/{err.service}/{err.api}/{err.resourceId or '*'}"
    denied = any(s in err.errorCode for s in ("AccessDenied", "Unauthorized", "AuthorizationError"))
    return {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": ident if len(ident) <= 512 else f"{ID_PREFIX}/collection/{hashlib.sha256(ident.encode()).hexdigest()}",
        "ProductArn": product_arn(account, region),
        "GeneratorId": f"{ID_PREFIX}/collection",
        "AwsAccountId": account,
        "Types": list(_TYPES),
        "CreatedAt": now,
        "UpdatedAt": now,
        "Severity": {"Label": "INFORMATIONAL", "Original": "INFORMATIONAL"},
        "Title": _clip(f"Could not collect {err.service} {err.api}", 256),
        "Description": _clip(
            f"{', '.join(err.resourceTypes) or err.service} in {err.region or 'global'} could not be read:"
            f" {err.errorCode}: {err.message}",
            1024,
        ),
        "Resources": [{"Type": "AwsAccount", "Id": f"AWS::::Account:{account}", "Region": err.region or region}],
        "Compliance": {
            "Status": "NOT_AVAILABLE",
            "StatusReasons": [
                {
                    "ReasonCode": "CONFIG_ACCESS_DENIED" if denied else "INTERNAL_SERVICE_ERROR",
                    "Description": _clip(f"{err.errorCode}: {err.message}", 2048),
                }
            ],
        },
        "Workflow": {"Status": "NEW"},
        "RecordState": "ACTIVE",
    }


def write(result: ScanResult, options: ReportOptions, out: IO[bytes]) -> None:
    out.write(b'{"Findings":[')
    write_array_items(iter_findings(result, options.extra.get("region")), out)
    out.write(b"]}\n")


render = rendered(write)

REPORTER = Reporter("asff", "asff.json", render, 'AWS Security Finding Format ({"Findings": [...]})', write=write)
