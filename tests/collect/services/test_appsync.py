import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.appsync import API, CACHE, COLLECTORS

APPSYNC = COLLECTORS[0]
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/logs"


def _apis() -> dict[str, str]:
    appsync = boto3.client("appsync", region_name=REGION)
    guarded = appsync.create_graphql_api(
        name="guarded", authenticationType="AMAZON_COGNITO_USER_POOLS",
        userPoolConfig={"userPoolId": "us-east-1_abc", "awsRegion": REGION, "defaultAction": "ALLOW"},
        logConfig={"fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": ROLE}, xrayEnabled=True,
    )["graphqlApi"]["apiId"]  # fmt: skip
    appsync.create_api_cache(apiId=guarded, ttl=300, apiCachingBehavior="FULL_REQUEST_CACHING", type="SMALL",
                             transitEncryptionEnabled=True, atRestEncryptionEnabled=True)  # fmt: skip
    keyed = appsync.create_graphql_api(name="keyed", authenticationType="API_KEY")["graphqlApi"]["apiId"]
    appsync.create_api_key(apiId=keyed)
    return {"guarded": guarded, "keyed": keyed}


@mock_aws
def test_apis_in_config_spelling():
    ids = _apis()
    items, errors = run(APPSYNC)
    assert errors == []
    guarded = one(items, API, ids["guarded"])
    assert guarded.arn == f"arn:aws:appsync:{REGION}:123456789012:apis/{ids['guarded']}"
    assert guarded.resourceName == "guarded"
    assert guarded.get("configuration.ApiId") == guarded.get("configuration.Id") == ids["guarded"]
    assert guarded.get("configuration.Name") == "guarded"
    assert guarded.get("configuration.AuthenticationType") == "AMAZON_COGNITO_USER_POOLS"
    assert guarded.get("configuration.LogConfig") == {"FieldLogLevel": "ERROR", "CloudWatchLogsRoleArn": ROLE}
    assert guarded.get("configuration.UserPoolConfig.UserPoolId") == "us-east-1_abc"
    assert guarded.get("configuration.XrayEnabled") is True
    assert guarded.get("configuration.GraphQLUrl")
    assert guarded.get("supplementaryConfiguration.ApiCache.AtRestEncryptionEnabled") is True
    keyed = one(items, API, ids["keyed"])
    assert keyed.get("configuration.AuthenticationType") == "API_KEY"
    assert "LogConfig" not in keyed.configuration
    assert keyed.get("supplementaryConfiguration.ApiCache") == {}  # no cache: AWS said NotFoundException


@mock_aws
def test_a_cache_is_an_item_of_its_own():
    ids = _apis()
    items, _ = run(APPSYNC)
    cache = one(items, CACHE, ids["guarded"])
    assert cache.get("configuration.ApiId") == ids["guarded"]
    assert cache.get("configuration.TransitEncryptionEnabled") is True
    assert cache.get("configuration.AtRestEncryptionEnabled") is True
    assert cache.get("configuration.Type") == "SMALL"
    assert [i.resourceId for i in items if i.resourceType == CACHE] == [ids["guarded"]]


@mock_aws
def test_a_denied_cache_read_is_an_error_and_leaves_the_cache_unknown():
    ids = _apis()
    items, errors = run(APPSYNC, deny={"appsync": ["GetApiCache"]})
    assert sorted((e.api, e.resourceId) for e in errors) == sorted(
        [("GetApiCache", ids["guarded"]), ("GetApiCache", ids["keyed"])]
    )
    assert {i.resourceType for i in items} == {API}
    assert all("ApiCache" not in i.supplementaryConfiguration for i in items)


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("appsync", REGION).meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    assert list(APPSYNC.collect(ctx)) == []
    assert calls == ["ListGraphqlApis"]


@mock_aws
def test_one_api_by_id_or_arn():
    ids = _apis()
    ctx = context()
    assert APPSYNC.read_one(ctx, ids["keyed"]).resourceName == "keyed"
    arn = f"arn:aws:appsync:{REGION}:123456789012:apis/{ids['guarded']}"
    assert APPSYNC.read_one(ctx, arn).get("supplementaryConfiguration.ApiCache.TransitEncryptionEnabled") is True
    assert APPSYNC.read_one(ctx, "gone") is None
