"""Redshift, OpenSearch/Elasticsearch and DMS collectors on the simulator."""

import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.helpers import jackson_case
from compliance.collect.services import dms, opensearch, redshift


@mock_aws
def test_redshift_clusters_with_logging_status():
    client = boto3.client("redshift", region_name="eu-west-1")
    common = {"NodeType": "dc2.large", "MasterUsername": "admin", "MasterUserPassword": "Password1"}
    client.create_cluster(ClusterIdentifier="open", PubliclyAccessible=True, Encrypted=False, **common)
    client.create_cluster(
        ClusterIdentifier="closed",
        PubliclyAccessible=False,
        Encrypted=True,
        AllowVersionUpgrade=True,
        Tags=[{"Key": "env", "Value": "prod"}],
        **common,
    )

    items, errors = run(redshift.COLLECTORS[0], region="eu-west-1")

    assert errors == []
    open_cluster = one(items, redshift.CLUSTER, "open")
    assert (open_cluster.configuration["publiclyAccessible"], open_cluster.configuration["encrypted"]) == (True, False)
    assert open_cluster.supplementaryConfiguration["LoggingStatus"]["loggingEnabled"] is False
    assert "lastSuccessfulDeliveryTime" not in open_cluster.supplementaryConfiguration["LoggingStatus"]
    closed = one(items, redshift.CLUSTER, "closed")
    assert closed.configuration["allowVersionUpgrade"] is True and closed.configuration["encrypted"] is True
    assert closed.tags == {"env": "prod"}
    assert closed.arn == "arn:aws:redshift:eu-west-1:123456789012:cluster:closed"


@mock_aws
def test_redshift_denied_logging_recorded_per_cluster():
    boto3.client("redshift", region_name="us-east-1").create_cluster(
        ClusterIdentifier="c1", NodeType="dc2.large", MasterUsername="admin", MasterUserPassword="Password1"
    )
    items, errors = run(redshift.COLLECTORS[0], deny={"redshift": ["DescribeLoggingStatus"]})
    assert "LoggingStatus" not in one(items, redshift.CLUSTER, "c1").supplementaryConfiguration
    assert [(e.api, e.resourceId) for e in errors] == [("DescribeLoggingStatus", "c1")]


@mock_aws
def test_redshift_parameter_groups_with_their_parameters_where_clusters_are():
    client = boto3.client("redshift", region_name="us-east-1")
    client.create_cluster_parameter_group(
        ParameterGroupName="tls", ParameterGroupFamily="redshift-1.0", Description="TLS"
    )
    client.create_cluster(
        ClusterIdentifier="c1", NodeType="dc2.large", MasterUsername="admin", MasterUserPassword="Password1",
        ClusterParameterGroupName="tls",
    )  # fmt: skip
    items, errors = run(redshift.COLLECTORS[0])
    assert errors == []
    group = one(items, redshift.PARAMETER_GROUP, "tls")
    assert group.arn == "arn:aws:redshift:us-east-1:123456789012:parametergroup:tls"
    assert group.configuration["parameterGroupFamily"] == "redshift-1.0"
    parameters = {p["parameterName"]: p for p in group.supplementaryConfiguration["Parameters"]}
    assert parameters["require_ssl"]["parameterValue"] == "false"
    assert "description" not in parameters["require_ssl"]
    groups = {i.resourceId for i in items if i.resourceType == redshift.PARAMETER_GROUP}
    assert groups == {"tls", "default.redshift-1.0"}


@mock_aws
def test_redshift_denied_parameters_leave_them_unknown():
    boto3.client("redshift", region_name="us-east-1").create_cluster(
        ClusterIdentifier="c1", NodeType="dc2.large", MasterUsername="admin", MasterUserPassword="Password1"
    )
    items, errors = run(redshift.COLLECTORS[0], deny={"redshift": ["DescribeClusterParameters"]})
    group = one(items, redshift.PARAMETER_GROUP, "default.redshift-1.0")
    assert "Parameters" not in group.supplementaryConfiguration
    assert [(e.api, e.resourceId) for e in errors] == [("DescribeClusterParameters", "default.redshift-1.0")]


@mock_aws
def test_a_redshift_region_without_clusters_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("redshift", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(redshift.COLLECTORS[0].collect(ctx)) == []
    assert calls == ["DescribeClusters"]


@mock_aws
def test_opensearch_and_elasticsearch_domains_with_their_config_casing():
    client = boto3.client("opensearch", region_name="us-east-1")
    os_domain = client.create_domain(
        DomainName="search",
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
    )["DomainStatus"]
    client.create_domain(DomainName="legacy-es", EngineVersion="Elasticsearch_7.10")

    items, errors = run(opensearch.COLLECTORS[0])

    assert errors == []
    search = one(items, opensearch.OPENSEARCH, os_domain["DomainId"])
    assert search.configuration["EncryptionAtRestOptions"]["Enabled"] is True
    assert search.configuration["NodeToNodeEncryptionOptions"]["Enabled"] is True
    assert search.configuration["DomainEndpointOptions"]["EnforceHTTPS"] is True
    assert search.configuration["Arn"] == os_domain["ARN"]
    legacy = one(items, opensearch.ELASTICSEARCH, "legacy-es")
    assert legacy.configuration["elasticsearchVersion"] == "7.10"
    assert legacy.configuration["domainName"] == "legacy-es"
    assert legacy.configuration["encryptionAtRestOptions"]["enabled"] is False
    assert "vpcoptions" not in legacy.configuration  # not in a VPC


def test_jackson_casing_matches_config_schema_names():
    converted = jackson_case(
        {
            "EBSOptions": {"EBSEnabled": True},
            "VPCOptions": {"VPCId": "vpc-1", "SubnetIds": ["s"]},
            "DomainEndpointOptions": {"TLSSecurityPolicy": "p", "EnforceHTTPS": True},
            "LogPublishingOptions": {"AUDIT_LOGS": {"Enabled": True, "CloudWatchLogsLogGroupArn": "arn"}},
        },
        keep_keys_under=("LogPublishingOptions",),
    )
    assert converted == {
        "ebsoptions": {"ebsenabled": True},
        "vpcoptions": {"vpcid": "vpc-1", "subnetIds": ["s"]},
        "domainEndpointOptions": {"tlssecurityPolicy": "p", "enforceHTTPS": True},
        "logPublishingOptions": {"AUDIT_LOGS": {"enabled": True, "cloudWatchLogsLogGroupArn": "arn"}},
    }


def test_opensearch_domains_described_five_at_a_time_and_errors_recorded():
    client, stub = stubbed("opensearch")
    names = [f"domain-{i}" for i in range(7)]
    stub.add_response("list_domain_names", {"DomainNames": [{"DomainName": n} for n in names]})
    status = {
        "DomainId": "123456789012/domain-0",
        "DomainName": "domain-0",
        "ARN": "arn:aws:es:us-east-1:123456789012:domain/domain-0",
        "ClusterConfig": {},
    }
    stub.add_response("describe_domains", {"DomainStatusList": [status]}, {"DomainNames": names[:5]})
    stub.add_client_error("describe_domains", "AccessDeniedException", "denied", 403)
    with stub:
        ctx = context(clients={"opensearch": client})
        items = list(opensearch.COLLECTORS[0].collect(ctx))
    stub.assert_no_pending_responses()
    assert [i.resourceName for i in items] == ["domain-0"]
    assert [(e.api, e.resourceTypes) for e in ctx.errors] == [("DescribeDomains", list(opensearch.TYPES))]


@mock_aws
def test_dms_replication_instances():
    client = boto3.client("dms", region_name="us-east-1")
    client.create_replication_instance(
        ReplicationInstanceIdentifier="public-ri", ReplicationInstanceClass="dms.t3.micro", PubliclyAccessible=True
    )
    client.create_replication_instance(
        ReplicationInstanceIdentifier="private-ri", ReplicationInstanceClass="dms.t3.micro", PubliclyAccessible=False
    )

    items, errors = run(dms.COLLECTORS[0])

    assert errors == []
    assert one(items, dms.REPLICATION_INSTANCE, "public-ri").configuration["PubliclyAccessible"] is True
    private = one(items, dms.REPLICATION_INSTANCE, "private-ri")
    assert private.configuration["PubliclyAccessible"] is False
    assert private.configuration["ReplicationInstanceIdentifier"] == "private-ri"
    assert run(dms.COLLECTORS[0], deny={"dms": ["DescribeReplicationInstances"]})[1][0].resourceTypes == [
        dms.REPLICATION_INSTANCE
    ]
