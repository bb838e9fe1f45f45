"""CloudTrail collector on moto: each trail once in its home region, status, basic and advanced
event selectors, relationships to the bucket and log group."""

from __future__ import annotations

import boto3
from collecting import context, one
from moto import mock_aws

from compliance.collect.services.cloudtrail import COLLECTORS, TRAIL

CLOUDTRAIL = COLLECTORS[0]
GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:trail:*"


def _seed() -> None:
    boto3.client("s3").create_bucket(Bucket="trail-bucket-1")
    ct = boto3.client("cloudtrail")
    ct.create_trail(
        Name="org-trail",
        S3BucketName="trail-bucket-1",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        CloudWatchLogsLogGroupArn=GROUP_ARN,
        CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/trail",
    )
    ct.start_logging(Name="org-trail")
    ct.put_event_selectors(
        TrailName="org-trail",
        EventSelectors=[
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": True,
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
            }
        ],
    )
    eu = boto3.client("cloudtrail", region_name="eu-west-1")
    eu.create_trail(Name="eu-trail", S3BucketName="trail-bucket-1")
    eu.put_event_selectors(
        TrailName="eu-trail",
        AdvancedEventSelectors=[
            {"Name": "mgmt", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
        ],
    )


@mock_aws
def test_trails_once_in_home_region_with_status_and_selectors():
    _seed()
    us, eu = context("us-east-1"), context("eu-west-1")
    us_items, eu_items = list(CLOUDTRAIL.collect(us)), list(CLOUDTRAIL.collect(eu))
    assert us.errors == [] and eu.errors == []
    assert [i.resourceId for i in us_items] == ["org-trail"]  # the multi-region trail is not repeated in eu
    assert [i.resourceId for i in eu_items] == ["eu-trail"]

    trail = one(us_items, TRAIL, "org-trail")
    config = trail.configuration
    assert config["isMultiRegionTrail"] is True and config["logFileValidationEnabled"] is True
    assert config["trailARN"] == trail.arn and config["homeRegion"] == "us-east-1"
    assert config["s3BucketName"] == "trail-bucket-1" and config["cloudWatchLogsLogGroupArn"] == GROUP_ARN
    assert trail.supplementaryConfiguration["TrailStatus"]["isLogging"] is True
    selector = trail.supplementaryConfiguration["EventSelectors"][0]
    assert selector["readWriteType"] == "All" and selector["includeManagementEvents"] is True
    assert selector["dataResources"] == [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]
    rels = {(r.resourceType, r.resourceId) for r in trail.relationships}
    assert ("AWS::S3::Bucket", "trail-bucket-1") in rels and ("AWS::Logs::LogGroup", GROUP_ARN) in rels

    eu_trail = one(eu_items, TRAIL, "eu-trail")
    assert eu_trail.supplementaryConfiguration["TrailStatus"]["isLogging"] is False
    advanced = eu_trail.supplementaryConfiguration["AdvancedEventSelectors"]
    assert advanced == [{"name": "mgmt", "fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]}]}]


@mock_aws
def test_trail_rules_read_the_collected_shape(plugins):
    from compliance.evaluate import evaluate, select_rules
    from compliance.snapshot import new_snapshot

    _seed()
    items = list(CLOUDTRAIL.collect(context("us-east-1"))) + list(CLOUDTRAIL.collect(context("eu-west-1")))
    snapshot = new_snapshot(items, accountIds=["123456789012"], resourceTypesCollected=[TRAIL])
    rules, _ = select_rules(plugins, rule_ids=["cloud-trail-log-file-validation-enabled"])
    verdicts = {e.resourceId: e.complianceType.value for e in evaluate(snapshot, rules).evaluations}
    assert verdicts == {"org-trail": "COMPLIANT", "eu-trail": "NON_COMPLIANT"}
