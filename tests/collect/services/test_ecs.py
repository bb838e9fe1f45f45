import boto3
from collecting import by_type, dumped, one, run
from moto import mock_aws

from compliance.collect.services.ecs import CLUSTER, COLLECTORS, SERVICE, TASK_DEFINITION, TASK_SET

ECS = COLLECTORS[0]
SECRET = "ecs-demo-secret-value-77"


def _resources() -> None:
    ecs = boto3.client("ecs", region_name="us-east-1")
    ecs.create_cluster(clusterName="insights", settings=[{"name": "containerInsights", "value": "enabled"}])
    ecs.create_cluster(clusterName="plain")
    container = {"name": "app", "image": "app:1", "memory": 512}
    ecs.register_task_definition(family="web", containerDefinitions=[{**container, "privileged": True}])
    ecs.register_task_definition(
        family="web", networkMode="awsvpc",
        containerDefinitions=[{**container, "readonlyRootFilesystem": True, "user": "1000",
                               "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": SECRET}],
                               "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/web"}}}],
    )  # fmt: skip
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    network = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [], "assignPublicIp": "ENABLED"}}
    ecs.create_service(cluster="insights", serviceName="public", taskDefinition="web", desiredCount=1,
                       launchType="FARGATE", platformVersion="1.3.0", networkConfiguration=network)  # fmt: skip
    ecs.create_service(cluster="insights", serviceName="blue-green", taskDefinition="web", desiredCount=1,
                       deploymentController={"type": "EXTERNAL"})  # fmt: skip
    ecs.create_task_set(cluster="insights", service="blue-green", taskDefinition="web", launchType="FARGATE",
                        networkConfiguration=network)  # fmt: skip


@mock_aws
def test_clusters_services_task_sets_and_latest_task_definitions():
    _resources()
    items, errors = run(ECS)
    assert errors == []
    settings = one(items, CLUSTER, "insights").get("configuration.ClusterSettings")
    assert {"Name": "containerInsights", "Value": "enabled"} in settings
    assert one(items, CLUSTER, "plain").arn == "arn:aws:ecs:us-east-1:123456789012:cluster/plain"
    services = {i.resourceName: i for i in by_type(items, SERVICE)}
    public = services["public"]
    assert public.get("configuration.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp") == "ENABLED"
    assert (public.get("configuration.LaunchType"), public.get("configuration.PlatformVersion")) == ("FARGATE", "1.3.0")
    [task_set] = by_type(items, TASK_SET)
    assert task_set.get("configuration.NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp") == "ENABLED"
    assert task_set.get("configuration.LaunchType") == "FARGATE"
    [definition] = by_type(items, TASK_DEFINITION)  # the latest ACTIVE revision of the family only
    assert definition.resourceId.endswith(":task-definition/web:2") and definition.resourceName == "web"
    [app] = definition.get("configuration.ContainerDefinitions")
    assert (app["ReadonlyRootFilesystem"], app["User"], definition.get("configuration.NetworkMode")) == (
        True, "1000", "awsvpc",
    )  # fmt: skip
    assert app["LogConfiguration"] == {"LogDriver": "awslogs", "Options": {"awslogs-group": "/web"}}
    assert app["Environment"][0]["Name"] == "AWS_SECRET_ACCESS_KEY"
    assert app["Environment"][0]["Value"].startswith("REDACTED:sha256:")
    assert SECRET not in dumped(items)


@mock_aws
def test_denied_describe_calls_are_collection_errors():
    _resources()
    items, errors = run(ECS, deny={"ecs": ["DescribeServices", "DescribeTaskDefinition"]})
    assert {(e.api, tuple(e.resourceTypes)) for e in errors} == {
        ("DescribeServices", (SERVICE, TASK_SET)),
        ("DescribeTaskDefinition", (TASK_DEFINITION,)),
    }
    assert {i.resourceType for i in items} == {CLUSTER}
