import json
from datetime import UTC, datetime

import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.emr import CLUSTER, COLLECTORS, SECURITY_CONFIGURATION

EMR, EMR_ACCOUNT = COLLECTORS
DOCUMENT = json.dumps({"EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": False}})
CREATED = datetime(2026, 11, 1, tzinfo=UTC)


def _cluster() -> str:
    emr = boto3.client("emr", region_name="us-east-1")
    instances = {"MasterInstanceType": "m5.xlarge", "SlaveInstanceType": "m5.xlarge", "InstanceCount": 3,
                 "KeepJobFlowAliveWhenNoSteps": True}  # fmt: skip
    return emr.run_job_flow(Name="analytics", ReleaseLabel="emr-7.0.0", Instances=instances,
                            JobFlowRole="EMR_EC2_DefaultRole", ServiceRole="EMR_DefaultRole")["JobFlowId"]  # fmt: skip


@mock_aws
def test_clusters_from_moto():
    cluster_id = _cluster()
    # moto 5.2.5 lacks ListSecurityConfigurations: that one call is recorded, the clusters are read
    items, errors = run(EMR)
    cluster = one(items, CLUSTER, cluster_id)
    assert cluster.resourceName == "analytics"
    assert cluster.arn == f"arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/{cluster_id}"
    assert cluster.get("configuration.Status.State") == "WAITING"
    assert cluster.get("configuration.MasterPublicDnsName")
    assert [(e.api, e.resourceTypes) for e in errors] == [("ListSecurityConfigurations", [SECURITY_CONFIGURATION])]


def test_security_configurations_from_the_real_response_shape():
    client, stubber = stubbed("emr")
    stubber.add_response("list_clusters", {"Clusters": []})
    stubber.add_response(
        "list_security_configurations", {"SecurityConfigurations": [{"Name": "encrypted", "CreationDateTime": CREATED}]}
    )
    stubber.add_response(
        "describe_security_configuration",
        {"Name": "encrypted", "SecurityConfiguration": DOCUMENT, "CreationDateTime": CREATED},
        {"Name": "encrypted"},
    )
    with stubber:
        items, errors = run(EMR, clients={"emr": client})
    assert errors == []
    assert one(items, SECURITY_CONFIGURATION, "encrypted").get("configuration.SecurityConfiguration") == DOCUMENT


def test_denied_describe_security_configuration_is_a_collection_error():
    client, stubber = stubbed("emr")
    stubber.add_response("list_clusters", {"Clusters": []})
    stubber.add_response("list_security_configurations", {"SecurityConfigurations": [{"Name": "encrypted"}]})
    stubber.add_client_error(
        "describe_security_configuration", service_error_code="AccessDeniedException", http_status_code=403
    )
    with stubber:
        items, errors = run(EMR, clients={"emr": client})
    assert [(e.api, e.resourceId) for e in errors] == [("DescribeSecurityConfiguration", "encrypted")]
    assert all("SecurityConfiguration" not in i.configuration for i in items)


@mock_aws
def test_block_public_access_is_a_regional_account_setting():
    boto3.client("emr", region_name="us-east-1").put_block_public_access_configuration(
        BlockPublicAccessConfiguration={
            "BlockPublicSecurityGroupRules": True,
            "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}],
        }
    )
    ctx = context()
    assert list(EMR_ACCOUNT.collect(ctx)) == [] and ctx.errors == []
    setting = ctx.account_settings["us-east-1"]["emrBlockPublicAccess"]
    assert setting["BlockPublicSecurityGroupRules"] is True
    assert setting["PermittedPublicSecurityGroupRuleRanges"] == [{"MinRange": 22, "MaxRange": 22}]


@mock_aws
def test_denied_block_public_access_is_a_collection_error_not_a_setting():
    ctx = context(deny={"emr": ["GetBlockPublicAccessConfiguration"]})
    assert list(EMR_ACCOUNT.collect(ctx)) == []
    assert [(e.api, e.resourceTypes) for e in ctx.errors] == [("GetBlockPublicAccessConfiguration", ["AWS::::Account"])]
    assert ctx.account_settings == {}
