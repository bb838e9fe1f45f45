import boto3
from collecting import context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.wafv2 import COLLECTORS, WEB_ACL

WAFV2 = COLLECTORS[0]
VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "m"}


def _acl(client, name):
    return client.create_web_acl(
        Name=name, Scope="REGIONAL", DefaultAction={"Block": {}}, VisibilityConfig=VISIBILITY, Rules=[]
    )["Summary"]


@mock_aws
def test_web_acls_with_logging_on_the_simulator():
    client = boto3.client("wafv2", region_name="eu-west-1")
    logged = _acl(client, "logged")
    quiet = _acl(client, "quiet")
    stream = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/aws-waf-logs-demo"
    client.put_logging_configuration(
        LoggingConfiguration={"ResourceArn": logged["ARN"], "LogDestinationConfigs": [stream]}
    )

    items, errors = run(WAFV2, region="eu-west-1")

    acl = one(items, WEB_ACL, logged["Id"])
    assert acl.configuration["name"] == "logged" and acl.configuration["defaultAction"] == {"block": {}}
    assert acl.configuration["visibilityConfig"]["cloudWatchMetricsEnabled"] is True
    assert acl.supplementaryConfiguration["LoggingConfiguration"]["LogDestinationConfigs"] == [stream]
    assert one(items, WEB_ACL, quiet["Id"]).supplementaryConfiguration["LoggingConfiguration"] is None
    # the simulator lacks ListResourcesForWebACL: recorded per ACL, associations left unknown
    assert {(e.api, e.resourceId) for e in errors} == {
        ("ListResourcesForWebACL", logged["Id"]),
        ("ListResourcesForWebACL", quiet["Id"]),
    }
    assert "AssociatedResources" not in acl.supplementaryConfiguration


def test_associations_and_cloudfront_scope_stubbed():
    client, stub = stubbed("wafv2")
    arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/1111"
    cf_arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/2222"
    alb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/abc"

    def acl(name, acl_id, acl_arn):
        return {
            "WebACL": {
                "Name": name,
                "Id": acl_id,
                "ARN": acl_arn,
                "DefaultAction": {"Allow": {}},
                "VisibilityConfig": VISIBILITY,
                "Rules": [],
            },
            "LockToken": "t",
        }

    stub.add_response(
        "list_web_acls", {"WebACLs": [{"Name": "web", "Id": "1111", "ARN": arn}]}, {"Scope": "REGIONAL", "Limit": 100}
    )
    stub.add_response("get_web_acl", acl("web", "1111", arn))
    stub.add_client_error("get_logging_configuration", "WAFNonexistentItemException", "none", 400)
    stub.add_response(
        "list_resources_for_web_acl",
        {"ResourceArns": [alb]},
        {"WebACLArn": arn, "ResourceType": "APPLICATION_LOAD_BALANCER"},
    )
    stub.add_response(
        "list_resources_for_web_acl", {"ResourceArns": []}, {"WebACLArn": arn, "ResourceType": "API_GATEWAY"}
    )
    stub.add_response(
        "list_web_acls",
        {"WebACLs": [{"Name": "cdn", "Id": "2222", "ARN": cf_arn}]},
        {"Scope": "CLOUDFRONT", "Limit": 100},
    )
    stub.add_response("get_web_acl", acl("cdn", "2222", cf_arn))
    stub.add_response(
        "get_logging_configuration",
        {"LoggingConfiguration": {"ResourceArn": cf_arn, "LogDestinationConfigs": ["arn:aws:s3:::aws-waf-logs-x"]}},
    )
    with stub:
        ctx = context("us-east-1", clients={"wafv2": client})
        items = list(WAFV2.collect(ctx))
    stub.assert_no_pending_responses()
    assert ctx.errors == []
    web = one(items, WEB_ACL, "1111")
    assert web.supplementaryConfiguration == {"LoggingConfiguration": None, "AssociatedResources": [alb]}
    assert web.relationships[0].resourceType == "AWS::ElasticLoadBalancingV2::LoadBalancer"
    cdn = one(items, WEB_ACL, "2222")
    assert cdn.configuration["scope"] == "CLOUDFRONT" and "AssociatedResources" not in cdn.supplementaryConfiguration
