import boto3
from collecting import access_denied, context, one, run, stubbed
from moto import mock_aws

from compliance.collect.services.apigateway import COLLECTORS, STAGE

APIGW = COLLECTORS[0]
REGION = "us-east-1"


def _stages() -> str:
    apigw = boto3.client("apigateway", region_name=REGION)
    api = apigw.create_rest_api(name="orders")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    apigw.create_stage(restApiId=api, stageName="prod", deploymentId=deployment, tracingEnabled=True,
                       cacheClusterEnabled=True, variables={"dbPassword": "hunter2"})  # fmt: skip
    apigw.update_stage(restApiId=api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
    ])  # fmt: skip
    apigw.create_stage(restApiId=api, stageName="dev", deploymentId=deployment, tracingEnabled=False)
    wafv2 = boto3.client("wafv2", region_name=REGION)
    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "a"}
    acl = wafv2.create_web_acl(Name="a", Scope="REGIONAL", DefaultAction={"Allow": {}},
                               VisibilityConfig=visibility)["Summary"]["ARN"]  # fmt: skip
    wafv2.associate_web_acl(WebACLArn=acl, ResourceArn=_arn(api, "prod"))
    return api


def _arn(api: str, stage: str) -> str:
    return f"arn:aws:apigateway:{REGION}::/restapis/{api}/stages/{stage}"


@mock_aws
def test_stages_in_config_spelling():
    api = _stages()
    items, errors = run(APIGW)
    assert errors == []
    prod = one(items, STAGE, _arn(api, "prod"))
    assert (prod.arn, prod.resourceName) == (_arn(api, "prod"), "prod")
    assert prod.get("configuration.stageName") == "prod"
    assert prod.get("configuration.tracingEnabled") is True
    assert prod.get("configuration.cacheClusterEnabled") is True
    assert prod.get("configuration.webAclArn").startswith("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/")
    settings = prod.get("configuration.methodSettings")["*/*"]
    assert (settings["loggingLevel"], settings["cachingEnabled"]) == ("ERROR", True)
    assert [(r.resourceType, r.resourceId) for r in prod.relationships] == [
        ("AWS::ApiGateway::RestApi", f"arn:aws:apigateway:{REGION}::/restapis/{api}")
    ]
    assert "variables" not in prod.configuration and "hunter2" not in str(prod.to_dict())
    dev = one(items, STAGE, _arn(api, "dev"))
    assert "webAclArn" not in dev.configuration
    assert dev.get("configuration.methodSettings") == {}


@mock_aws
def test_a_denied_stage_list_is_an_error_for_its_api():
    api = _stages()
    items, errors = run(APIGW, deny={"apigateway": ["GetStages"]})
    assert items == []
    assert [(e.api, e.resourceId) for e in errors] == [("GetStages", f"arn:aws:apigateway:{REGION}::/restapis/{api}")]


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("apigateway", REGION).meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(APIGW.collect(ctx)) == []
    assert calls == ["GetRestApis"]


@mock_aws
def test_one_stage_by_arn():
    api = _stages()
    ctx = context()
    assert APIGW.read_one(ctx, _arn(api, "dev")).resourceName == "dev"
    assert APIGW.read_one(ctx, _arn(api, "gone")) is None
    assert APIGW.read_one(ctx, "dev") is None  # a stage name alone names no API


def test_a_client_certificate_is_recorded():
    """moto 5.2.5 neither makes client certificates nor keeps a stage's clientCertificateId: a Stubber with
    GetStages' real shape."""
    client, stubber = stubbed("apigateway")
    stubber.add_response("get_rest_apis", {"items": [{"id": "a1b2c3", "name": "orders"}]})
    stubber.add_response("get_stages", {"item": [
        {"stageName": "prod", "deploymentId": "d1", "clientCertificateId": "cert1", "tracingEnabled": False,
         "methodSettings": {}, "cacheClusterEnabled": False},
    ]}, {"restApiId": "a1b2c3"})  # fmt: skip
    with stubber:
        items, errors = run(APIGW, clients={"apigateway": client})
    assert errors == []
    assert items[0].get("configuration.clientCertificateId") == "cert1"
    assert items[0].get("configuration.tracingEnabled") is False


def test_a_denied_api_list_is_an_error():
    client, stubber = stubbed("apigateway")
    access_denied(stubber, "get_rest_apis")
    with stubber:
        items, errors = run(APIGW, clients={"apigateway": client})
    assert items == [] and [e.api for e in errors] == ["GetRestApis"]
