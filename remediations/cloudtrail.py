"""CloudTrail remediations: log file validation, and a logging multi-region trail."""

from __future__ import annotations

from typing import Any

from compliance.remediate.base import ApiCall, CannotRemediate, remediation
from compliance.rule import Param

from ._util import api_region, truthy

TRAIL = "AWS::CloudTrail::Trail"


def _name(trail: Any) -> str:
    config = trail.configuration
    return config.get("trailARN") or trail.arn or config.get("name") or trail.resourceId


def _home(trail: Any) -> str:
    return api_region(trail.configuration.get("homeRegion") or trail.awsRegion)


@remediation(
    id="cloudtrail-enable-log-file-validation",
    title="Turn on CloudTrail log file validation",
    rules=["cloud-trail-log-file-validation-enabled"],
    resource_types=[TRAIL],
    permissions=["cloudtrail:UpdateTrail"],
)
def enable_log_file_validation(item):
    """UpdateTrail EnableLogFileValidation=true, in the trail's home region."""
    if truthy(item.configuration.get("logFileValidationEnabled")):
        return []
    return [
        ApiCall(
            "cloudtrail",
            "update_trail",
            _home(item),
            {"Name": _name(item), "EnableLogFileValidation": True},
            "deliver signed digest files",
        )
    ]


def _unique_trails(snapshot: Any) -> list[Any]:
    seen: dict[str, Any] = {}
    for trail in snapshot.of_type(TRAIL) if snapshot is not None else []:
        seen.setdefault(_name(trail), trail)
    return list(seen.values())


@remediation(
    id="cloudtrail-enable-multi-region",
    title="Make a trail multi-region and logging (or create one)",
    rules=["multi-region-cloudtrail-enabled"],
    resource_types=["AWS::::Account"],
    permissions=["cloudtrail:UpdateTrail", "cloudtrail:StartLogging", "cloudtrail:CreateTrail"],
    services=["cloudtrail"],
    parameters={
        "trailName": Param(str, None, "The trail to change (default: the account's only trail), or to create"),
        "s3BucketName": Param(str, None, "Bucket for a new trail's logs (creating one needs it)"),
    },
)
def enable_multi_region_trail(item, params, snapshot, region):
    """Prefers changing an existing trail: IsMultiRegionTrail=true, then StartLogging when it is
    not logging. With no trail, creates one (multi-region, log file validation on) into
    ``s3BucketName``, whose bucket policy must already let CloudTrail write."""
    trails = _unique_trails(snapshot)
    wanted = params["trailName"]
    if wanted:
        trails = [t for t in trails if wanted in (t.configuration.get("name"), _name(t), t.resourceId)]
    for trail in trails:
        if truthy(trail.configuration.get("isMultiRegionTrail")) and truthy(
            (trail.supplementaryConfiguration.get("TrailStatus") or {}).get("isLogging")
        ):
            return []
    if len(trails) > 1:
        names = ", ".join(sorted(t.configuration.get("name") or t.resourceId for t in trails))
        raise CannotRemediate(f"several trails ({names}): name the one to change with the trailName parameter")
    if trails:
        trail = trails[0]
        calls = []
        if not truthy(trail.configuration.get("isMultiRegionTrail")):
            calls.append(
                ApiCall(
                    "cloudtrail",
                    "update_trail",
                    _home(trail),
                    {"Name": _name(trail), "IsMultiRegionTrail": True},
                    "log every region",
                )
            )
        if not truthy((trail.supplementaryConfiguration.get("TrailStatus") or {}).get("isLogging")):
            calls.append(ApiCall("cloudtrail", "start_logging", _home(trail), {"Name": _name(trail)}, "start logging"))
        return calls
    if not params["s3BucketName"]:
        raise CannotRemediate("the account has no trail: set the s3BucketName parameter to create one")
    name = wanted or "compliance-multi-region"
    home = api_region(region if region and region != "global" else None)
    return [
        ApiCall(
            "cloudtrail",
            "create_trail",
            home,
            {
                "Name": name,
                "S3BucketName": params["s3BucketName"],
                "IsMultiRegionTrail": True,
                "EnableLogFileValidation": True,
                "IncludeGlobalServiceEvents": True,
            },
            "create a multi-region trail",
        ),
        ApiCall("cloudtrail", "start_logging", home, {"Name": name}, "start logging"),
    ]


@remediation(
    id="cloudtrail-enable-kms-encryption",
    title="Encrypt a trail's log files with a given KMS key (SSE-KMS)",
    rules=["cloud-trail-encryption-enabled"],
    resource_types=[TRAIL],
    permissions=["cloudtrail:UpdateTrail"],
    parameters={"kmsKeyId": Param(str, None, "Key ARN or alias whose key policy lets CloudTrail encrypt logs")},
)
def enable_kms_encryption(item, params):
    """UpdateTrail KmsKeyId. The key is a parameter: its key policy must allow CloudTrail
    (cloudtrail.amazonaws.com: kms:GenerateDataKey*) or delivery stops."""
    if item.configuration.get("kmsKeyId"):
        return []
    if not params["kmsKeyId"]:
        raise CannotRemediate("set the kmsKeyId parameter (a key whose policy lets CloudTrail encrypt logs)")
    return [
        ApiCall(
            "cloudtrail",
            "update_trail",
            _home(item),
            {"Name": _name(item), "KmsKeyId": params["kmsKeyId"]},
            "encrypt log files with SSE-KMS",
        )
    ]
