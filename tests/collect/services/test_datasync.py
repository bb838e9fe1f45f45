import boto3
from collecting import one, run
from moto import mock_aws

from compliance.collect.services.datasync import COLLECTORS, TASK

DATASYNC = COLLECTORS[0]
GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/datasync"


def _tasks() -> tuple[str, str]:
    datasync = boto3.client("datasync", region_name="us-east-1")
    location = datasync.create_location_smb(
        ServerHostname="files.example.com", Subdirectory="/share", User="sync", Password="smb-password-1",
        AgentArns=["arn:aws:datasync:us-east-1:123456789012:agent/agent-1"],
    )["LocationArn"]  # fmt: skip
    common = {"SourceLocationArn": location, "DestinationLocationArn": location}
    logged = datasync.create_task(Name="logged", CloudWatchLogGroupArn=GROUP, **common)["TaskArn"]
    quiet = datasync.create_task(Name="quiet", **common)["TaskArn"]
    return logged, quiet


@mock_aws
def test_tasks_with_and_without_logging():
    logged, quiet = _tasks()
    items, errors = run(DATASYNC)
    assert errors == []
    assert one(items, TASK, logged).get("configuration.CloudWatchLogGroupArn") == GROUP
    assert one(items, TASK, logged).resourceName == "logged"
    assert one(items, TASK, quiet).get("configuration.CloudWatchLogGroupArn") is None


@mock_aws
def test_denied_describe_is_a_collection_error():
    logged, quiet = _tasks()
    items, errors = run(DATASYNC, deny={"datasync": ["DescribeTask"]})
    assert sorted((e.api, e.resourceId) for e in errors) == sorted([("DescribeTask", logged), ("DescribeTask", quiet)])
    assert len(items) == 2 and all("CloudWatchLogGroupArn" not in i.configuration for i in items)
