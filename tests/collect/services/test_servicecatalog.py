import boto3
from collecting import context, one, run
from moto import mock_aws

from compliance.collect.services.servicecatalog import COLLECTORS, PORTFOLIO

CATALOG = COLLECTORS[0]


def _portfolios() -> dict[str, str]:
    catalog = boto3.client("servicecatalog", region_name="us-east-1")
    ids = {
        name: catalog.create_portfolio(DisplayName=name, ProviderName="platform", IdempotencyToken=name)[
            "PortfolioDetail"
        ]["Id"]
        for name in ("partner", "internal")
    }
    catalog.create_portfolio_share(PortfolioId=ids["partner"], AccountId="111122223333")
    catalog.create_portfolio_share(
        PortfolioId=ids["internal"], OrganizationNode={"Type": "ORGANIZATION", "Value": "o-exampleorgid"}
    )
    return ids


@mock_aws
def test_portfolios_in_config_spelling():
    ids = _portfolios()
    items, errors = run(CATALOG)
    assert errors == []
    partner = one(items, PORTFOLIO, ids["partner"])
    assert partner.arn == f"arn:aws:catalog:us-east-1:123456789012:portfolio/{ids['partner']}"
    assert partner.resourceName == "partner"
    assert partner.get("configuration.providerName") == "platform"
    assert partner.get("configuration.displayName") == "partner"
    assert partner.get("configuration.arn") == partner.arn
    assert partner.get("supplementaryConfiguration.portfolioAccess") == {"accountIds": ["111122223333"]}
    internal = one(items, PORTFOLIO, ids["internal"])
    assert internal.get("supplementaryConfiguration.portfolioAccess") == {"accountIds": []}


@mock_aws
def test_a_denied_access_listing_is_an_error_and_leaves_the_sharing_unknown():
    ids = _portfolios()
    items, errors = run(CATALOG, deny={"servicecatalog": ["ListPortfolioAccess"]})
    assert sorted((e.api, e.resourceId) for e in errors) == sorted(
        ("ListPortfolioAccess", portfolio) for portfolio in ids.values()
    )
    assert len(items) == 2
    assert all("portfolioAccess" not in i.supplementaryConfiguration for i in items)


@mock_aws
def test_an_empty_region_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("servicecatalog", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(CATALOG.collect(ctx)) == []
    assert calls == ["ListPortfolios"]


@mock_aws
def test_one_portfolio_by_id_or_arn():
    ids = _portfolios()
    ctx = context()
    assert CATALOG.read_one(ctx, ids["partner"]).resourceName == "partner"
    arn = f"arn:aws:catalog:us-east-1:123456789012:portfolio/{ids['internal']}"
    assert CATALOG.read_one(ctx, arn).resourceId == ids["internal"]
    assert CATALOG.read_one(ctx, "port-doesnotexist") is None
