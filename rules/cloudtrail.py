"""CloudTrail rules: multi-region trail, log file validation, encryption."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from . import s3, s3_access
from ._util import as_bool, as_list, days_since

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
    reads=[
        "configuration.isMultiRegionTrail",
        "configuration.name",
        "configuration.trailARN",
        "supplementaryConfiguration.TrailStatus",
    ],
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
    reads=["configuration.logFileValidationEnabled"],
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
    reads=["configuration.kmsKeyId"],
)
def cloud_trail_encryption_enabled(ci):
    """Checks configuration.kmsKeyId."""
    if ci.configuration.get("kmsKeyId"):
        return compliant("encrypted with a KMS key")
    return non_compliant("the trail is not encrypted with a KMS key")


@rule(
    id="cloudtrail-enabled",
    title="At least one CloudTrail trail is logging",
    resource_types=["AWS::::Account", TRAIL],
    scope="account",
    severity="high",
    trigger="periodic",
    rationale="Without a trail there is no lasting record of who did what in the account.",
    remediation="aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET --is-multi-region-trail; "
    "aws cloudtrail start-logging --name NAME",
    reads=["configuration.name", "configuration.trailARN", "supplementaryConfiguration.TrailStatus"],
)
def cloudtrail_enabled(snapshot):
    """Any trail whose supplementaryConfiguration.TrailStatus.isLogging is true."""
    unknown = []
    for trail in trails(snapshot):
        status = trail.supplementaryConfiguration.get("TrailStatus")
        if status is None:
            unknown.append(trail.resourceName or trail.resourceId)
        elif as_bool(status.get("isLogging")):
            return compliant(f"{trail.configuration.get('name') or trail.resourceId} is logging")
    if unknown:
        return insufficient_data("logging status not recorded for " + ", ".join(unknown))
    return non_compliant("no trail is logging")


@rule(
    id="cloud-trail-cloud-watch-logs-enabled",
    title="CloudTrail trails send their logs to CloudWatch Logs",
    resource_types=[TRAIL],
    severity="low",
    trigger="periodic",
    parameters={
        "expectedDeliveryWindowAge": Param(int, None, "Hours within which logs must have been delivered, when set")
    },
    rationale="In CloudWatch Logs, trail events can drive metric filters and alarms in near real time.",
    remediation="aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn ARN "
    "--cloud-watch-logs-role-arn ROLE",
    reads=["configuration.cloudWatchLogsLogGroupArn", "supplementaryConfiguration.TrailStatus"],
)
def cloud_trail_cloud_watch_logs_enabled(ci, params):
    """Reads configuration.cloudWatchLogsLogGroupArn and TrailStatus.latestCloudWatchLogsDeliveryTime."""
    if not ci.configuration.get("cloudWatchLogsLogGroupArn"):
        return non_compliant("the trail does not send to CloudWatch Logs")
    window = params["expectedDeliveryWindowAge"]
    if window:
        status = ci.supplementaryConfiguration.get("TrailStatus") or {}
        age = days_since(status.get("latestCloudWatchLogsDeliveryTime"))
        if age is None:
            return insufficient_data("the last CloudWatch Logs delivery time was not recorded")
        if age * 24 > window:
            return non_compliant(f"last delivery {int(age * 24)} hours ago")
    return compliant("the trail sends to CloudWatch Logs")


def _trail_bucket(trail, snapshot):
    """The trail's S3 bucket item, or (None, why)."""
    name = trail.configuration.get("s3BucketName")
    if not name:
        return None, "the trail has no S3 bucket"
    bucket = snapshot.find(name)
    if bucket is None or bucket.resourceType != "AWS::S3::Bucket":
        return None, f"bucket {name} is not in the snapshot (another account, or not collected)"
    for error in snapshot.errors:
        if error.resourceId == name and "AWS::S3::Bucket" in error.resourceTypes:
            return None, f"bucket {name} could not be read: {error.api} {error.errorCode}"
    return bucket, ""


@rule(
    id="cloudtrail-s3-bucket-access-logging",
    title="The S3 bucket CloudTrail delivers to has server access logging enabled",
    resource_types=[TRAIL],
    severity="low",
    trigger="periodic",
    rationale="Access logs on the trail bucket show who read or tampered with the audit logs themselves.",
    remediation="aws s3api put-bucket-logging --bucket TRAIL_BUCKET --bucket-logging-status "
    "'{\"LoggingEnabled\":{\"TargetBucket\":\"LOG_BUCKET\",\"TargetPrefix\":\"trail/\"}}'",
    reads={
        "AWS::CloudTrail::Trail": ["configuration.s3BucketName"],
        "AWS::S3::Bucket": ["supplementaryConfiguration.BucketLoggingConfiguration"],
    },
    looks_up={"AWS::S3::Bucket": "configuration.s3BucketName"},
)
def cloudtrail_s3_bucket_access_logging(ci, snapshot):
    """No AWS Config managed rule (Security Hub CloudTrail.7); reads the bucket's BucketLoggingConfiguration."""
    bucket, why = _trail_bucket(ci, snapshot)
    if bucket is None:
        return insufficient_data(why)
    return s3.s3_bucket_logging_enabled.run(ci=bucket, params={"targetBucket": None})


@rule(
    id="cloudtrail-s3-bucket-public-access-prohibited",
    title="The S3 bucket CloudTrail delivers to is not publicly accessible",
    resource_types=[TRAIL],
    severity="critical",
    trigger="periodic",
    rationale="A public trail bucket hands an attacker the account's full activity history.",
    remediation="Turn on Block Public Access for the trail bucket and remove public policy statements and ACL grants.",
    reads={
        "AWS::CloudTrail::Trail": ["configuration.s3BucketName"],
        "AWS::S3::Bucket": [
            "supplementaryConfiguration.AccessControlList",
            "supplementaryConfiguration.BucketPolicy",
            "supplementaryConfiguration.PublicAccessBlockConfiguration",
        ],
        "AWS::S3::AccountPublicAccessBlock": ["configuration.ignorePublicAcls"],
    },
    looks_up={"AWS::S3::Bucket": "configuration.s3BucketName"},
)
def cloudtrail_s3_bucket_public_access_prohibited(ci, snapshot):
    """No AWS Config managed rule (Security Hub CloudTrail.6); applies s3-bucket-public-read-prohibited
    and s3-bucket-public-write-prohibited to the trail's bucket."""
    bucket, why = _trail_bucket(ci, snapshot)
    if bucket is None:
        return insufficient_data(why)
    results = [
        check.run(ci=bucket, snapshot=snapshot)
        for check in (s3_access.s3_bucket_public_read_prohibited, s3_access.s3_bucket_public_write_prohibited)
    ]
    for result in results:
        if result.complianceType != "COMPLIANT":
            return result
    return compliant(f"bucket {bucket.resourceName or bucket.resourceId} is not public")


def _s3_data_events(trail, kind: str) -> bool | None:
    """Whether the trail logs ``kind`` ("read"/"write") data events for every S3 bucket; None if unknown."""
    supplementary = trail.supplementaryConfiguration
    if "EventSelectors" not in supplementary and "AdvancedEventSelectors" not in supplementary:
        return None
    wanted = {"read": ("All", "ReadOnly"), "write": ("All", "WriteOnly")}[kind]
    for selector in as_list(supplementary.get("EventSelectors")):
        if selector.get("readWriteType", "All") not in wanted:
            continue
        for resource in as_list(selector.get("dataResources")):
            values = [str(v) for v in as_list(resource.get("values"))]
            everything = any(v.rstrip("/") in ("arn:aws:s3", "arn:aws:s3:::") for v in values)
            if resource.get("type") == "AWS::S3::Object" and everything:
                return True
    for selector in as_list(supplementary.get("AdvancedEventSelectors")):
        fields = {f.get("field"): f for f in as_list(selector.get("fieldSelectors"))}
        if as_list((fields.get("eventCategory") or {}).get("equals")) != ["Data"]:
            continue
        if as_list((fields.get("resources.type") or {}).get("equals")) != ["AWS::S3::Object"]:
            continue
        read_only = as_list((fields.get("readOnly") or {}).get("equals"))
        if read_only and read_only != [{"read": "true", "write": "false"}[kind]]:
            continue
        if set(fields) - {"eventCategory", "resources.type", "readOnly"}:
            continue  # narrowed to some buckets or events
        return True
    return False


def _data_event_rule(kind: str):
    def check(snapshot):
        unknown = []
        for trail in trails(snapshot):
            if not as_bool(trail.configuration.get("isMultiRegionTrail")):
                continue
            logs = _s3_data_events(trail, kind)
            if logs is None:
                unknown.append(trail.configuration.get("name") or trail.resourceId)
            elif logs:
                return compliant(f"{trail.configuration.get('name') or trail.resourceId} logs S3 {kind} data events")
        if unknown:
            return insufficient_data("event selectors not recorded for " + ", ".join(map(str, unknown)))
        return non_compliant(f"no multi-region trail logs S3 object-level {kind} events for all buckets")

    check.__doc__ = (
        "Reads the EventSelectors (dataResources of type AWS::S3::Object) and"
        " AdvancedEventSelectors of multi-region trails."
    )
    return check


cloudtrail_all_write_s3_data_event_check = rule(
    id="cloudtrail-all-write-s3-data-event-check",
    title="A multi-region trail logs S3 object-level write events for all buckets",
    resource_types=["AWS::::Account", TRAIL],
    scope="account",
    severity="medium",
    trigger="periodic",
    rationale="Object-level write events record who put or deleted which object.",
    remediation="aws cloudtrail put-event-selectors --trail-name TRAIL --event-selectors "
    "'[{\"ReadWriteType\":\"WriteOnly\",\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}]}]'",
    reads=[
        "configuration.isMultiRegionTrail",
        "configuration.name",
        "configuration.trailARN",
        "supplementaryConfiguration.AdvancedEventSelectors",
        "supplementaryConfiguration.EventSelectors",
    ],
)(_data_event_rule("write"))

cloudtrail_all_read_s3_data_event_check = rule(
    id="cloudtrail-all-read-s3-data-event-check",
    title="A multi-region trail logs S3 object-level read events for all buckets",
    resource_types=["AWS::::Account", TRAIL],
    scope="account",
    severity="medium",
    trigger="periodic",
    rationale="Object-level read events record who downloaded which object: the evidence of a data leak.",
    remediation="aws cloudtrail put-event-selectors --trail-name TRAIL --event-selectors "
    "'[{\"ReadWriteType\":\"ReadOnly\",\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3\"]}]}]'",
    reads=[
        "configuration.isMultiRegionTrail",
        "configuration.name",
        "configuration.trailARN",
        "supplementaryConfiguration.AdvancedEventSelectors",
        "supplementaryConfiguration.EventSelectors",
    ],
)(_data_event_rule("read"))
