"""CloudTrail rules: multi-region trail, log file validation, encryption."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import as_bool, as_list

TRAIL = "AWS::CloudTrail::Trail"


def trails(snapshot) -> list:
    """Each trail once (a multi-region trail is visible from every region)."""
    seen = {}
    for trail in snapshot.of_type(TRAIL):
        arn = trail.configuration.get("trailARN") or trail.arn or trail.resourceId
        seen.setdefault(arn, trail)
    return list(seen.values())


def management_read_write(trail) -> str | None:
    """'All', 'ReadOnly', 'WriteOnly' or 'None' for the trail's management events; None if unknown."""
    if (
        not as_bool(trail.configuration.get("hasCustomEventSelectors"))
        and "AdvancedEventSelectors" not in trail.supplementaryConfiguration
    ):
        return "All"
    selectors = trail.supplementaryConfiguration.get("EventSelectors")
    advanced = trail.supplementaryConfiguration.get("AdvancedEventSelectors")
    if selectors is None and advanced is None:
        return None
    kinds = set()
    for selector in as_list(selectors):
        if selector.get("includeManagementEvents", True):
            kinds.add(selector.get("readWriteType", "All"))
    for selector in as_list(advanced):
        fields = {f.get("field"): f for f in as_list(selector.get("fieldSelectors"))}
        if "Management" in as_list((fields.get("eventCategory") or {}).get("equals")):
            read_only = as_list((fields.get("readOnly") or {}).get("equals"))
            kinds.add("All" if not read_only else ("ReadOnly" if read_only == ["true"] else "WriteOnly"))
    if "All" in kinds or {"ReadOnly", "WriteOnly"} <= kinds:
        return "All"
    return next(iter(kinds), "None")


@rule(
    id="multi-region-cloudtrail-enabled",
    title="At least one multi-region trail is logging",
    resource_types=["AWS::::Account", TRAIL],
    scope="account",
    severity="high",
    trigger="periodic",
    parameters={
        "s3BucketName": Param(str, None, "The trail must deliver to this bucket"),
        "snsTopicArn": Param(str, None, "The trail must notify this topic"),
        "cloudWatchLogsLogGroupArn": Param(str, None, "The trail must send to this log group"),
        "includeManagementEvents": Param(bool, None, "Require management events"),
        "readWriteType": Param(str, None, "Require this management-event type: ReadOnly, WriteOnly or ALL"),
    },
    rationale="Without a trail in every region, API activity in an unwatched region leaves no record.",
    remediation="Create a multi-region trail (or turn on IsMultiRegionTrail) and start logging.",
)
def multi_region_cloudtrail_enabled(snapshot, params):
    """Looks for a multi-region trail that is logging and matches each given parameter."""
    unknown = []
    reasons = []
    for trail in trails(snapshot):
        config = trail.configuration
        name = config.get("name") or trail.resourceName or trail.resourceId
        if not as_bool(config.get("isMultiRegionTrail")):
            reasons.append(f"{name} is single-region")
            continue
        status = trail.supplementaryConfiguration.get("TrailStatus")
        if status is None:
            unknown.append(f"{name}: logging status not recorded")
            continue
        if not as_bool(status.get("isLogging")):
            reasons.append(f"{name} is not logging")
            continue
        if params["s3BucketName"] and config.get("s3BucketName") != params["s3BucketName"]:
            reasons.append(f"{name} delivers to {config.get('s3BucketName')}")
            continue
        if params["snsTopicArn"] and config.get("snsTopicARN") != params["snsTopicArn"]:
            reasons.append(f"{name} does not notify {params['snsTopicArn']}")
            continue
        if (
            params["cloudWatchLogsLogGroupArn"]
            and config.get("cloudWatchLogsLogGroupArn") != params["cloudWatchLogsLogGroupArn"]
        ):
            reasons.append(f"{name} does not send to the required log group")
            continue
        if params["includeManagementEvents"] or params["readWriteType"]:
            kind = management_read_write(trail)
            if kind is None:
                unknown.append(f"{name}: event selectors not recorded")
                continue
            wanted = (params["readWriteType"] or "All").lower()
            if (
                kind == "None"
                or (wanted == "all" and kind != "All")
                or (wanted != "all" and kind.lower() not in (wanted, "all"))
            ):
                reasons.append(f"{name} logs management events {kind}, not {params['readWriteType'] or 'All'}")
                continue
        return compliant(f"{name} is a logging multi-region trail")
    if unknown:
        return insufficient_data("; ".join(unknown))
    return non_compliant("; ".join(reasons) if reasons else "the account has no trail")


@rule(
    id="cloud-trail-log-file-validation-enabled",
    title="CloudTrail log file validation is enabled",
    resource_types=[TRAIL],
    severity="low",
    trigger="periodic",
    rationale="Digest files prove that delivered logs were not modified or deleted.",
    remediation="aws cloudtrail update-trail --name TRAIL --enable-log-file-validation",
)
def cloud_trail_log_file_validation_enabled(ci):
    """Checks configuration.logFileValidationEnabled."""
    if as_bool(ci.configuration.get("logFileValidationEnabled")):
        return compliant("log file validation is enabled")
    return non_compliant("log file validation is disabled")


@rule(
    id="cloud-trail-encryption-enabled",
    title="CloudTrail logs are encrypted with KMS",
    resource_types=[TRAIL],
    severity="medium",
    trigger="periodic",
    rationale="SSE-KMS adds a key policy check on every read of the logs.",
    remediation="aws cloudtrail update-trail --name TRAIL --kms-key-id KEY",
)
def cloud_trail_encryption_enabled(ci):
    """Checks configuration.kmsKeyId."""
    if ci.configuration.get("kmsKeyId"):
        return compliant("encrypted with a KMS key")
    return non_compliant("the trail is not encrypted with a KMS key")
