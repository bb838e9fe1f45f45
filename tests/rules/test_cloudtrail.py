"""CloudTrail rules on configuration items in AWS Config's shape: every state each rule can produce."""

from __future__ import annotations

import pytest

from compliance.testing import (
    COMPLIANT,
    INSUFFICIENT_DATA,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    expect_compliance,
    make_account,
    make_ci,
)
from compliance.testing import (
    RuleCase as Case,
)

C, NC, NA, INS = COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA
ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail-logs:*"


def trail(name="main", multi=True, logging=True, supplementary=None, **config):
    base = {
        "name": name,
        "trailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/{name}",
        "isMultiRegionTrail": multi,
        "s3BucketName": "trail-bucket",
        "hasCustomEventSelectors": False,
    }
    supp = {"TrailStatus": {"isLogging": logging}} if supplementary is None else supplementary
    return make_ci("AWS::CloudTrail::Trail", name, {**base, **config}, supp)


def trail_bucket(**supplementary):
    supplementary.setdefault("BucketVersioningConfiguration", {"status": "Enabled"})
    return make_ci("AWS::S3::Bucket", "trail-bucket", {"name": "trail-bucket"}, supplementary)


def selectors(**extra):
    return {"TrailStatus": {"isLogging": True}, **extra}


S3_ALL = [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]
S3_ONE = [{"type": "AWS::S3::Object", "values": ["arn:aws:s3:::one-bucket/"]}]
ADVANCED_WRITE = [
    {
        "name": "s3 writes",
        "fieldSelectors": [
            {"field": "eventCategory", "equals": ["Data"]},
            {"field": "resources.type", "equals": ["AWS::S3::Object"]},
            {"field": "readOnly", "equals": ["false"]},
        ],
    }
]
BLOCKED = {"blockPublicAcls": True, "ignorePublicAcls": True, "blockPublicPolicy": True, "restrictPublicBuckets": True}
PUBLIC_ACL = '{"grantList": [{"grantee": "AllUsers", "permission": "Read"}]}'

CASES = [
    Case("multi-region-cloudtrail-enabled", C, [make_account(), trail()]),
    Case("multi-region-cloudtrail-enabled", NC, [make_account(), trail(multi=False)]),
    Case("multi-region-cloudtrail-enabled", NC, [make_account(), trail(logging=False)], "stopped"),
    Case("multi-region-cloudtrail-enabled", INS, [make_account(), trail(supplementary={})]),
    Case("cloud-trail-log-file-validation-enabled", C, [trail(logFileValidationEnabled=True)]),
    Case("cloud-trail-log-file-validation-enabled", NC, [trail(logFileValidationEnabled=False)]),
    Case("cloud-trail-encryption-enabled", C, [trail(kmsKeyId="arn:aws:kms:us-east-1:1:key/k")]),
    Case("cloud-trail-encryption-enabled", NC, [trail()]),
    Case("cloudtrail-enabled", C, [make_account(), trail(multi=False)]),
    Case("cloudtrail-enabled", NC, [make_account(), trail(logging=False)]),
    Case("cloudtrail-enabled", NC, [make_account()], "no trail"),
    Case("cloudtrail-enabled", INS, [make_account(), trail(supplementary={})]),
    Case("cloud-trail-cloud-watch-logs-enabled", C, [trail(cloudWatchLogsLogGroupArn=GROUP_ARN)]),
    Case("cloud-trail-cloud-watch-logs-enabled", NC, [trail()]),
    Case(
        "cloud-trail-cloud-watch-logs-enabled",
        NC,
        [
            trail(
                cloudWatchLogsLogGroupArn=GROUP_ARN,
                supplementary={
                    "TrailStatus": {"isLogging": True, "latestCloudWatchLogsDeliveryTime": "2020-01-01T00:00:00Z"}
                },
            )
        ],
        "stale delivery",
        params={"expectedDeliveryWindowAge": 24},
    ),
    Case(
        "cloud-trail-cloud-watch-logs-enabled",
        INS,
        [trail(cloudWatchLogsLogGroupArn=GROUP_ARN)],
        "delivery time unknown",
        params={"expectedDeliveryWindowAge": 24},
    ),
    Case(
        "cloudtrail-s3-bucket-access-logging",
        C,
        [trail(), trail_bucket(BucketLoggingConfiguration={"destinationBucketName": "logs"})],
        resource="main",
    ),
    Case("cloudtrail-s3-bucket-access-logging", NC, [trail(), trail_bucket()], resource="main"),
    Case("cloudtrail-s3-bucket-access-logging", INS, [trail()], "bucket elsewhere", resource="main"),
    Case(
        "cloudtrail-s3-bucket-public-access-prohibited",
        C,
        [trail(), trail_bucket(PublicAccessBlockConfiguration=BLOCKED)],
        resource="main",
    ),
    Case(
        "cloudtrail-s3-bucket-public-access-prohibited",
        NC,
        [
            trail(),
            trail_bucket(AccessControlList=PUBLIC_ACL),
            make_ci("AWS::S3::AccountPublicAccessBlock", ACCOUNT, {"ignorePublicAcls": False}),
        ],
        resource="main",
    ),
    Case("cloudtrail-s3-bucket-public-access-prohibited", INS, [trail()], resource="main"),
    Case(
        "cloudtrail-all-write-s3-data-event-check",
        C,
        [
            make_account(),
            trail(
                hasCustomEventSelectors=True,
                supplementary=selectors(EventSelectors=[{"readWriteType": "All", "dataResources": S3_ALL}]),
            ),
        ],
    ),
    Case(
        "cloudtrail-all-write-s3-data-event-check",
        C,
        [make_account(), trail(supplementary=selectors(AdvancedEventSelectors=ADVANCED_WRITE))],
        "advanced",
    ),
    Case(
        "cloudtrail-all-write-s3-data-event-check",
        NC,
        [
            make_account(),
            trail(supplementary=selectors(EventSelectors=[{"readWriteType": "ReadOnly", "dataResources": S3_ALL}])),
        ],
        "reads",
    ),
    Case(
        "cloudtrail-all-write-s3-data-event-check",
        NC,
        [
            make_account(),
            trail(supplementary=selectors(EventSelectors=[{"readWriteType": "All", "dataResources": S3_ONE}])),
        ],
        "one bucket",
    ),
    Case("cloudtrail-all-write-s3-data-event-check", INS, [make_account(), trail()], "selectors not collected"),
    Case(
        "cloudtrail-all-read-s3-data-event-check",
        C,
        [
            make_account(),
            trail(supplementary=selectors(EventSelectors=[{"readWriteType": "ReadOnly", "dataResources": S3_ALL}])),
        ],
    ),
    Case(
        "cloudtrail-all-read-s3-data-event-check",
        NC,
        [make_account(), trail(supplementary=selectors(AdvancedEventSelectors=ADVANCED_WRITE))],
        "writes only",
    ),
    Case("cloudtrail-all-read-s3-data-event-check", INS, [make_account(), trail()]),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_state(case: Case) -> None:
    case.check()


def test_a_multi_region_trail_seen_from_every_region_counts_once():
    copies = [
        trail(),
        make_ci(
            "AWS::CloudTrail::Trail",
            "main-eu",
            trail().configuration,
            {"TrailStatus": {"isLogging": True}},
            region="eu-west-1",
        ),
    ]
    evaluation = expect_compliance("multi-region-cloudtrail-enabled", [make_account(), *copies], C)
    assert "main" in evaluation.annotation
