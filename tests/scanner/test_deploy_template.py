"""deploy/template.yaml: cfn-lint clean, deploys on moto in both modes, and its history bucket
passes our own S3 rules."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "template.yaml"
MEMBER_TEMPLATE = ROOT / "deploy" / "member-role.yaml"
# The history bucket must pass these (encrypted, versioned, public access blocked, TLS only, ...).
BUCKET_RULES = (
    "s3-bucket-versioning-enabled",
    "s3-bucket-server-side-encryption-enabled",
    "s3-default-encryption-kms",
    "s3-bucket-ssl-requests-only",
    "s3-bucket-level-public-access-prohibited",
    "s3-bucket-public-read-prohibited",
    "s3-bucket-public-write-prohibited",
)
# Not asserted: s3-lifecycle-policy-check (the template has a lifecycle rule, but the S3 collector does
# not record BucketLifecycleConfiguration yet), s3-bucket-logging-enabled and s3-bucket-replication-enabled
# (they need a second bucket; see docs/lambda.md).


@pytest.mark.parametrize("path", [TEMPLATE, MEMBER_TEMPLATE], ids=lambda p: p.name)
def test_cfn_lint_clean(path):
    from cfnlint.api import lint_file

    matches = lint_file(path)
    assert [str(m) for m in matches] == []


def _template() -> dict:
    from cfnlint.api import decode_str

    template, problems = decode_str(TEMPLATE.read_text())
    assert not problems
    return template


def _resolve(value, names: dict[str, str]):
    """Fn::GetAtt X.Arn / Fn::Sub "${X.Arn}..." with the deployed names (enough for the bucket policy)."""
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return names[".".join(value["Fn::GetAtt"])]
    if isinstance(value, dict) and "Fn::Sub" in value:
        text = value["Fn::Sub"]
        for key, resolved in names.items():
            text = text.replace("${" + key + "}", resolved)
        return text
    if isinstance(value, dict):
        return {k: _resolve(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, names) for v in value]
    return value


def _apply_what_moto_skips(bucket: str, resources: dict) -> None:
    """moto's CloudFormation (5.2) creates the bucket with its encryption but ignores its versioning,
    public access block and lifecycle properties and the AWS::S3::BucketPolicy resource. Apply the
    template's own values through the S3 API, as CloudFormation would, so our rules judge them."""
    s3 = boto3.client("s3")
    properties = resources["HistoryBucket"]["Properties"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=properties["VersioningConfiguration"])
    s3.put_public_access_block(
        Bucket=bucket, PublicAccessBlockConfiguration=properties["PublicAccessBlockConfiguration"]
    )
    rules = []
    for rule in properties["LifecycleConfiguration"]["Rules"]:
        api = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": ""}}
        for key in ("NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload"):
            if key in rule:
                api[key] = rule[key]
        rules.append(api)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    document = resources["HistoryBucketPolicy"]["Properties"]["PolicyDocument"]
    policy = _resolve(document, {"HistoryBucket.Arn": f"arn:aws:s3:::{bucket}"})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def _lambda_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("compliance/aws_lambda.py", "def handler(event, context):\n    return {}\n")
    return buffer.getvalue()


def _deploy(name: str, **parameters: str) -> dict:
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(
        StackName=name,
        TemplateBody=TEMPLATE.read_text(),
        Parameters=[
            {"ParameterKey": k, "ParameterValue": v} for k, v in {"CodeBucket": "code-artifacts", **parameters}.items()
        ],
        Capabilities=["CAPABILITY_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    resources = cloudformation.describe_stack_resources(StackName=name)["StackResources"]
    return {
        "status": stack["StackStatus"],
        "outputs": {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
        # moto also lists the resources a false Condition left out, without a LogicalResourceId
        "resources": {r["LogicalResourceId"]: r for r in resources if "LogicalResourceId" in r},
    }


@pytest.fixture(scope="module")
def deployed():
    with mock_aws(config={"iam": {"load_aws_managed_policies": True}, "lambda": {"use_docker": False}}):
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="code-artifacts")
        s3.put_object(Bucket="code-artifacts", Key="compliance-lambda.zip", Body=_lambda_zip())
        stacks = {
            "account": _deploy("scanner-account"),
            "organization": _deploy(
                "scanner-org",
                Mode="organization",
                EnableRemediation="true",
                RemediationConfig="s3://code-artifacts/remediation.yaml",
                SecurityHubExport="true",
                OrganizationId="o-abcdefghij",
            ),
        }
        yield stacks


def test_account_mode_deploys_without_fan_out_or_remediation(deployed):
    stack = deployed["account"]
    assert stack["status"] == "CREATE_COMPLETE"
    assert {
        "HistoryBucket",
        "NotificationTopic",
        "ScannerRole",
        "ScannerFunction",
        "ScheduleRule",
        "SchedulePermission",
    } <= set(stack["resources"])
    assert not {"RemediationRole", "JobsQueue", "JobsDeadLetterQueue", "JobsEventSource"} & set(stack["resources"])
    rule = boto3.client("events").describe_rule(Name=stack["resources"]["ScheduleRule"]["PhysicalResourceId"])
    assert rule["ScheduleExpression"] == "rate(1 day)"
    function = boto3.client("lambda").get_function_configuration(FunctionName=stack["outputs"]["FunctionName"])
    env = function["Environment"]["Variables"]
    assert function["Handler"] == "compliance.aws_lambda.handler"
    assert env["COMPLIANCE_STORE"] == f"s3://{stack['outputs']['HistoryBucketName']}/history"
    assert env["COMPLIANCE_SNS_TOPIC_ARN"] == stack["outputs"]["NotificationTopicArn"]
    assert env["COMPLIANCE_MODE"] == "account" and env["COMPLIANCE_REMEDIATION_ROLE_ARN"] == ""
    # moto's CloudFormation does not attach ManagedPolicyArns: check the template itself
    scanner = _template()["Resources"]["ScannerRole"]["Properties"]
    assert scanner["ManagedPolicyArns"] == [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/SecurityAudit"}]


def test_organization_mode_adds_queue_dlq_event_source_and_remediation_role(deployed):
    stack = deployed["organization"]
    assert stack["status"] == "CREATE_COMPLETE"
    outputs = stack["outputs"]
    sqs = boto3.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=outputs["JobsQueueUrl"], AttributeNames=["All"])["Attributes"]
    redrive = json.loads(attributes["RedrivePolicy"])
    dlq_arn = sqs.get_queue_attributes(QueueUrl=outputs["JobsDeadLetterQueueUrl"], AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    assert redrive["deadLetterTargetArn"] == dlq_arn and int(redrive["maxReceiveCount"]) == 3
    mappings = boto3.client("lambda").list_event_source_mappings(FunctionName=outputs["FunctionName"])
    [mapping] = mappings["EventSourceMappings"]
    assert mapping["EventSourceArn"] == attributes["QueueArn"]
    env = boto3.client("lambda").get_function_configuration(FunctionName=outputs["FunctionName"])["Environment"][
        "Variables"
    ]
    assert env["COMPLIANCE_QUEUE_URL"] == outputs["JobsQueueUrl"]
    assert env["COMPLIANCE_REMEDIATION_ROLE_ARN"] == outputs["RemediationRoleArn"]
    iam = boto3.client("iam")
    remediation = outputs["RemediationRoleArn"].rsplit("/", 1)[1]
    trust = iam.get_role(RoleName=remediation)["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"]["AWS"] == outputs["ScannerRoleArn"]


def _matches(pattern: str, event: dict) -> bool:
    """EventBridge's matching of ``event`` against ``pattern``, as moto implements it (its
    TestEventPattern API answers without a result)."""
    from moto.events.models import EventPattern

    return EventPattern.load(pattern).matches_event(event)


def _change_event(source: str, name: str) -> dict:
    return {
        "id": "1", "account": "123456789012", "source": f"aws.{source.split('.')[0]}", "time": "2026-12-03T10:00:00Z",
        "region": "us-east-1", "resources": [], "detail-type": "AWS API Call via CloudTrail",
        "detail": {"eventSource": source, "eventName": name, "requestParameters": {}},
    }  # fmt: skip


def test_change_events_route_to_the_change_scanner_with_a_dead_letter_queue(deployed):
    from compliance.events.table import ENTRIES

    stack, events = deployed["account"], boto3.client("events")
    resources = stack["resources"]
    function = boto3.client("lambda").get_function(
        FunctionName=resources["ChangeScannerFunction"]["PhysicalResourceId"]
    )
    assert function["Configuration"]["Handler"] == "compliance.aws_lambda.handler"
    assert function["Concurrency"]["ReservedConcurrentExecutions"] == 2
    dlq = stack["outputs"]["ChangeEventsDeadLetterQueueUrl"]
    dlq_arn = boto3.client("sqs").get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    for rule in ("ApiCallRule", "ConfigChangeRule"):
        name = resources[rule]["PhysicalResourceId"]
        [target] = events.list_targets_by_rule(Rule=name)["Targets"]
        assert target["Arn"] == function["Configuration"]["FunctionArn"]
        assert target["DeadLetterConfig"]["Arn"] == dlq_arn
    pattern = events.describe_rule(Name=resources["ApiCallRule"]["PhysicalResourceId"])["EventPattern"]
    assert set(json.loads(pattern)["detail"]["eventSource"]) == {e.source for e in ENTRIES}
    assert _matches(pattern, _change_event("s3.amazonaws.com", "PutBucketAcl"))
    assert not _matches(pattern, _change_event("gamelift.amazonaws.com", "CreateFleet"))
    assert "OrganizationEventBus" not in resources  # account mode: no organization bus


def test_organization_mode_receives_member_events_on_its_own_bus(deployed):
    stack, events = deployed["organization"], boto3.client("events")
    bus_arn = stack["outputs"]["OrganizationEventBusArn"]
    bus = events.describe_event_bus(Name=bus_arn.rsplit("/", 1)[1])
    assert bus["Arn"] == bus_arn
    rules = events.list_rules(EventBusName=bus["Name"])["Rules"]
    assert [json.loads(r["EventPattern"])["detail-type"] for r in rules] == [
        ["AWS API Call via CloudTrail", "Config Configuration Item Change"]
    ]
    [target] = events.list_targets_by_rule(Rule=rules[0]["Name"], EventBusName=bus["Name"])["Targets"]
    assert target["Arn"].endswith(":function:scanner-org-changes")
    # moto's CloudFormation does not apply AWS::Events::EventBusPolicy: check the template's statement
    statement = _template()["Resources"]["OrganizationEventBusPolicy"]["Properties"]["Statement"]
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": {"Ref": "OrganizationId"}}}


def test_member_accounts_forward_their_change_events_to_the_scanner_bus():
    with mock_aws():
        bus = "arn:aws:events:us-east-1:111122223333:event-bus/scanner-org-changes"
        cloudformation = boto3.client("cloudformation")
        cloudformation.create_stack(
            StackName="member",
            TemplateBody=MEMBER_TEMPLATE.read_text(),
            Parameters=[
                {"ParameterKey": "ScannerRoleArn", "ParameterValue": "arn:aws:iam::111122223333:role/scanner"},
                {"ParameterKey": "ScannerEventBusArn", "ParameterValue": bus},
            ],
            Capabilities=["CAPABILITY_NAMED_IAM"],
        )
        resources = {
            r["LogicalResourceId"]: r["PhysicalResourceId"]
            for r in cloudformation.describe_stack_resources(StackName="member")["StackResources"]
            if "LogicalResourceId" in r
        }
        events = boto3.client("events")
        for rule in ("ForwardApiCallRule", "ForwardConfigChangeRule"):
            [target] = events.list_targets_by_rule(Rule=resources[rule])["Targets"]
            assert target["Arn"] == bus and target["RoleArn"].endswith(resources["ForwardingRole"])
        pattern = events.describe_rule(Name=resources["ForwardApiCallRule"])["EventPattern"]
        assert _matches(pattern, _change_event("iam.amazonaws.com", "CreateUser"))


def test_history_bucket_passes_our_s3_rules(deployed, plugins):
    from compliance.collect.runner import run_collectors
    from compliance.collect.session import AwsSession
    from compliance.evaluate import evaluate, select_rules

    bucket = deployed["account"]["outputs"]["HistoryBucketName"]
    _apply_what_moto_skips(bucket, _template()["Resources"])
    snapshot = run_collectors(AwsSession(region="us-east-1"), [plugins.collectors["s3"]], regions=["us-east-1"])
    rules, _ = select_rules(plugins, rule_ids=BUCKET_RULES)
    result = evaluate(snapshot, rules)
    verdicts = {
        e.configRuleName: (e.complianceType.value, e.annotation) for e in result.evaluations if e.resourceId == bucket
    }
    assert set(verdicts) == set(BUCKET_RULES)
    failing = {rule: v for rule, v in verdicts.items() if v[0] != "COMPLIANT"}
    assert failing == {}, json.dumps(failing)


def test_remediation_role_allows_every_builtin_remediation_write(plugins):
    template = _template()
    statements = template["Resources"]["RemediationRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    allowed = {a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    needed = {
        p
        for r in plugins.remediations.values()
        for p in getattr(r, "permissions", ())
        if not p.split(":", 1)[1].startswith(("Get", "List", "Describe"))
    }
    assert needed, "no remediation declares permissions"
    assert sorted(needed - allowed) == []
