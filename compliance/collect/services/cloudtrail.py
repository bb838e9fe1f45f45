"""CloudTrail: each trail once, in its home region, with status and (advanced) event selectors.

``DescribeTrails(includeShadowTrails=False)`` names the trails whose home region is the region
being read, so a multi-region trail is not repeated in every region. Per trail: GetTrailStatus
and GetEventSelectors; tags for all of a region's trails come from ListTags in batches of 20.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, chunks, config_case, tag_dict
from compliance.model import ConfigurationItem, Relationship

TRAIL = "AWS::CloudTrail::Trail"
BUCKET, LOG_GROUP, KMS_KEY, TOPIC = "AWS::S3::Bucket", "AWS::Logs::LogGroup", "AWS::KMS::Key", "AWS::SNS::Topic"


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    cloudtrail = ctx.client("cloudtrail")
    try:
        found = cloudtrail.describe_trails(includeShadowTrails=False)["trailList"]
    except AWS_ERRORS as exc:
        ctx.record_error("cloudtrail", "DescribeTrails", exc, (TRAIL,))
        return
    trails = [t for t in found if t.get("HomeRegion") in (None, ctx.region)]
    tags = _tags(ctx, cloudtrail, [t["TrailARN"] for t in trails])
    for trail in trails:
        yield _trail(ctx, cloudtrail, trail, tags)


def _tags(ctx: CollectContext, cloudtrail: Any, arns: list[str]) -> dict[str, dict[str, str]] | None:
    tags: dict[str, dict[str, str]] = {}
    try:
        for batch in chunks(arns, 20):
            for entry in cloudtrail.list_tags(ResourceIdList=batch).get("ResourceTagList") or []:
                tags[entry["ResourceId"]] = tag_dict(entry.get("TagsList"))
    except AWS_ERRORS as exc:
        ctx.record_error("cloudtrail", "ListTags", exc, (TRAIL,))
        return None
    return tags


def _trail(
    ctx: CollectContext, cloudtrail: Any, trail: dict[str, Any], tags: dict[str, dict[str, str]] | None
) -> ConfigurationItem:
    arn, name = trail["TrailARN"], trail["Name"]
    configuration = config_case(trail)
    supplementary: dict[str, Any] = {}
    try:
        status = cloudtrail.get_trail_status(Name=arn)
        supplementary["TrailStatus"] = config_case(status)
    except AWS_ERRORS as exc:
        ctx.record_error("cloudtrail", "GetTrailStatus", exc, (TRAIL,), resource_id=name)
    try:
        selectors = cloudtrail.get_event_selectors(TrailName=arn)
        advanced = selectors.get("AdvancedEventSelectors") or []
        if advanced:
            supplementary["AdvancedEventSelectors"] = [_advanced(s) for s in advanced]
        else:
            supplementary["EventSelectors"] = config_case(selectors.get("EventSelectors") or [])
    except AWS_ERRORS as exc:
        ctx.record_error("cloudtrail", "GetEventSelectors", exc, (TRAIL,), resource_id=name)
    relationships = []
    if trail.get("S3BucketName"):
        relationships.append(
            Relationship(BUCKET, trail["S3BucketName"], trail["S3BucketName"], "Is associated with Bucket")
        )
    if trail.get("CloudWatchLogsLogGroupArn"):
        relationships.append(
            Relationship(LOG_GROUP, trail["CloudWatchLogsLogGroupArn"], None, "Is associated with LogGroup")
        )
    if trail.get("KmsKeyId"):
        relationships.append(Relationship(KMS_KEY, trail["KmsKeyId"], None, "Is associated with Key"))
    if trail.get("SnsTopicARN"):
        relationships.append(Relationship(TOPIC, trail["SnsTopicARN"], None, "Is associated with Topic"))
    return ctx.item(
        TRAIL,
        name,
        configuration,
        arn=arn,
        name=name,
        tags=(tags or {}).get(arn, {}),
        relationships=relationships,
        supplementary=supplementary,
    )


def _advanced(selector: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": selector.get("Name"),
        "fieldSelectors": [config_case(f) for f in selector.get("FieldSelectors") or []],
    }


COLLECTORS = [
    Collector(
        name="cloudtrail",
        resource_types=(TRAIL,),
        permissions=(
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:ListTags",
        ),
        collect=collect,
        description="CloudTrail trails in their home region, with status and event selectors",
    )
]
