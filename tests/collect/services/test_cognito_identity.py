import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.cognito import COLLECTORS, IDENTITY_POOL

IDENTITY = next(c for c in COLLECTORS if c.name == "cognito-identity")


def _pools() -> tuple[str, str]:
    client = boto3.client("cognito-identity", region_name="us-east-1")
    guests = client.create_identity_pool(
        IdentityPoolName="guests", AllowUnauthenticatedIdentities=True,
        OpenIdConnectProviderARNs=["arn:aws:iam::123456789012:oidc-provider/login.example.com"],
    )["IdentityPoolId"]  # fmt: skip
    members = client.create_identity_pool(IdentityPoolName="members", AllowUnauthenticatedIdentities=False)
    return guests, members["IdentityPoolId"]


@mock_aws
def test_identity_pools_in_config_spelling():
    guests, members = _pools()
    items, errors = run(IDENTITY)
    assert errors == []
    item = one(items, IDENTITY_POOL, guests)
    assert item.arn == f"arn:aws:cognito-identity:us-east-1:123456789012:identitypool/{guests}"
    assert item.resourceName == "guests"
    # moto 5.2.5 does not keep AllowClassicFlow; AWS answers it, and the collector keeps what is answered
    assert item.configuration == {
        "Id": guests,
        "IdentityPoolName": "guests",
        "Name": "guests",
        "AllowUnauthenticatedIdentities": True,
        "OpenIdConnectProviderARNs": ["arn:aws:iam::123456789012:oidc-provider/login.example.com"],
    }
    assert one(items, IDENTITY_POOL, members).get("configuration.AllowUnauthenticatedIdentities") is False


@mock_aws
def test_a_denied_description_is_an_error_and_leaves_guest_access_unknown():
    guests, members = _pools()
    items, errors = run(IDENTITY, deny={"cognito-identity": ["DescribeIdentityPool"]})
    assert sorted((e.api, e.resourceId) for e in errors) == sorted(
        [("DescribeIdentityPool", guests), ("DescribeIdentityPool", members)]
    )
    assert len(items) == 2 and all("AllowUnauthenticatedIdentities" not in i.configuration for i in items)


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("cognito-identity", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(IDENTITY.collect(ctx)) == []
    assert calls == ["ListIdentityPools"]


@mock_aws
def test_one_identity_pool_by_id():
    guests, _ = _pools()
    ctx = context()
    assert IDENTITY.read_one(ctx, guests).resourceName == "guests"
    assert IDENTITY.read_one(ctx, "us-east-1:00000000-0000-0000-0000-000000000000") is None
