import boto3
from collecting import access_denied, context, dumped, one, run, stubbed
from moto import mock_aws

from compliance.collect.plan import plan
from compliance.collect.services.cloudfront import COLLECTORS, DISTRIBUTION

CLOUDFRONT = COLLECTORS[0]
SECRET = "origin-shared-secret-42"
NO_OAI = {"OriginAccessIdentity": ""}


def _origin(origin_id: str, domain: str, **more) -> dict:
    return {"Id": origin_id, "DomainName": domain, **more}


def _config(reference: str, origins: list[dict], **more) -> dict:
    return {
        "CallerReference": reference,
        "Comment": reference,
        "Enabled": True,
        "Origins": {"Quantity": len(origins), "Items": origins},
        "DefaultCacheBehavior": {
            "TargetOriginId": origins[0]["Id"],
            "ViewerProtocolPolicy": "allow-all",
            "MinTTL": 0,
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
        },
        **more,
    }


def _distributions() -> tuple[str, str]:
    cloudfront = boto3.client("cloudfront", region_name="us-east-1")
    custom = {
        "HTTPPort": 80,
        "HTTPSPort": 443,
        "OriginProtocolPolicy": "https-only",
        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
    }
    site = cloudfront.create_distribution_with_tags(
        DistributionConfigWithTags={
            "DistributionConfig": _config(
                "site",
                [
                    _origin("bucket", "site.s3.amazonaws.com", S3OriginConfig={"OriginAccessIdentity": ""}),
                    _origin(
                        "app",
                        "app.example.com",
                        CustomOriginConfig=custom,
                        CustomHeaders={"Quantity": 1, "Items": [{"HeaderName": "X-Origin-Key", "HeaderValue": SECRET}]},
                    ),
                ],
                DefaultRootObject="index.html",
                Logging={"Enabled": True, "IncludeCookies": False, "Bucket": "logs.s3.amazonaws.com", "Prefix": "cf/"},
                WebACLId="arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1",
                ViewerCertificate={"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1.2_2021"},
            ),
            "Tags": {"Items": [{"Key": "team", "Value": "web"}]},
        }
    )["Distribution"]
    bare = cloudfront.create_distribution(
        DistributionConfig=_config("bare", [_origin("old", "gone.s3.amazonaws.com", S3OriginConfig=NO_OAI)])
    )["Distribution"]
    return site["Id"], bare["Id"]


@mock_aws
def test_distributions_in_config_spelling_once_as_global_items():
    site_id, bare_id = _distributions()
    items, errors = run(CLOUDFRONT)
    assert errors == []
    site = one(items, DISTRIBUTION, site_id)
    assert site.awsRegion == "global"
    assert site.arn == f"arn:aws:cloudfront::123456789012:distribution/{site_id}"
    assert site.get("configuration.id") == site_id
    assert site.get("configuration.arn") == site.arn
    assert site.get("configuration.domainName").endswith(".cloudfront.net")
    assert site.tags == {"team": "web"}
    config = site.get("configuration.distributionConfig")
    assert config["defaultRootObject"] == "index.html"
    assert config["logging"]["enabled"] is True
    assert config["webACLId"].endswith("/edge/1")
    assert config["viewerCertificate"]["minimumProtocolVersion"] == "TLSv1.2_2021"
    assert "sslSupportMethod" in config["viewerCertificate"] and "acmCertificateArn" in config["viewerCertificate"]
    app = next(o for o in config["origins"]["items"] if o["id"] == "app")
    assert app["customOriginConfig"]["originProtocolPolicy"] == "https-only"
    assert (app["customOriginConfig"]["httpPort"], app["customOriginConfig"]["httpsPort"]) == (80, 443)
    assert app["customOriginConfig"]["originSslProtocols"]["items"] == ["TLSv1.2"]
    assert config["defaultCacheBehavior"]["viewerProtocolPolicy"] == "allow-all"
    assert "status" not in site.configuration and "eTag" not in site.configuration
    bare = one(items, DISTRIBUTION, bare_id)
    assert bare.tags == {}
    assert bare.get("configuration.distributionConfig.origins.items")[0]["domainName"] == "gone.s3.amazonaws.com"
    assert bare.get("configuration.distributionConfig.webACLId") == ""


@mock_aws
def test_origin_header_values_are_redacted():
    _distributions()
    items, _ = run(CLOUDFRONT)
    assert SECRET not in dumped(items)
    assert "X-Origin-Key" in dumped(items)


@mock_aws
def test_a_denied_detail_is_an_error_and_leaves_logging_unknown():
    site_id, bare_id = _distributions()
    items, errors = run(CLOUDFRONT, deny={"cloudfront": ["GetDistribution", "ListTagsForResource"]})
    assert sorted((e.api, e.resourceId, e.region) for e in errors) == sorted(
        (api, rid, "global") for api in ("GetDistribution", "ListTagsForResource") for rid in (site_id, bare_id)
    )
    site = one(items, DISTRIBUTION, site_id)
    assert site.get("configuration.distributionConfig.logging") is None
    assert site.get("configuration.distributionConfig.defaultRootObject") is None
    assert site.get("configuration.distributionConfig.webACLId").endswith("/edge/1")  # from the list
    assert SECRET not in dumped(items)


@mock_aws
def test_a_denied_list_is_an_error_of_the_global_type():
    _distributions()
    items, errors = run(CLOUDFRONT, deny={"cloudfront": ["ListDistributions"]})
    assert items == []
    assert [(e.api, e.region, e.resourceTypes) for e in errors] == [("ListDistributions", "global", [DISTRIBUTION])]


@mock_aws
def test_an_empty_account_costs_one_request():
    calls: list[str] = []
    ctx = context()
    ctx.client("cloudfront", "us-east-1").meta.events.register(
        "before-call.*.*", lambda model, **_: calls.append(model.name)
    )
    assert list(CLOUDFRONT.collect(ctx)) == []
    assert calls == ["ListDistributions"]


def test_rules_reading_only_listed_settings_skip_the_detail_call():
    wanted = plan(COLLECTORS, {DISTRIBUTION: ("configuration.distributionConfig.origins.items",)})
    assert wanted.calls["cloudfront"] == frozenset({"ListDistributions"})
    assert "configuration.distributionConfig.logging" in wanted.not_recorded[DISTRIBUTION]
    logging = plan(COLLECTORS, {DISTRIBUTION: ("configuration.distributionConfig.logging.enabled",)})
    assert logging.calls["cloudfront"] == frozenset({"ListDistributions", "GetDistribution"})


@mock_aws
def test_one_distribution_by_id_or_arn():
    site_id, bare_id = _distributions()
    ctx = context()
    site = CLOUDFRONT.read_one(ctx, site_id)
    assert site.resourceId == site_id and site.awsRegion == "global"
    assert site.get("configuration.distributionConfig.logging.enabled") is True
    assert site.tags == {"team": "web"}
    arn = f"arn:aws:cloudfront::123456789012:distribution/{bare_id}"
    assert CLOUDFRONT.read_one(ctx, arn).resourceId == bare_id
    assert CLOUDFRONT.read_one(ctx, "vpc-123") is None
    assert ctx.errors == []


VIEWER = {
    "CloudFrontDefaultCertificate": False,
    "ACMCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/c",
    "SSLSupportMethod": "sni-only",
    "MinimumProtocolVersion": "TLSv1.2_2021",
    "CertificateSource": "acm",
}


def _summary() -> dict:
    origin = {
        "Id": "bucket",
        "DomainName": "site.s3.us-east-1.amazonaws.com",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
        "OriginAccessControlId": "E2OAC",
    }
    behavior = {"TargetOriginId": "bucket", "ViewerProtocolPolicy": "https-only"}
    return {
        "Id": "E1REAL",
        "ARN": "arn:aws:cloudfront::123456789012:distribution/E1REAL",
        "ETag": "E3TAG",
        "Status": "Deployed",
        "LastModifiedTime": "2026-11-01T00:00:00Z",
        "DomainName": "d1.cloudfront.net",
        "Aliases": {"Quantity": 1, "Items": ["www.example.com"]},
        "Origins": {"Quantity": 1, "Items": [origin]},
        "OriginGroups": {"Quantity": 0},
        "DefaultCacheBehavior": behavior,
        "CacheBehaviors": {"Quantity": 0},
        "CustomErrorResponses": {"Quantity": 0},
        "Comment": "",
        "PriceClass": "PriceClass_100",
        "Enabled": True,
        "ViewerCertificate": VIEWER,
        "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
        "WebACLId": "",
        "HttpVersion": "http2",
        "IsIPV6Enabled": True,
        "Staging": False,
    }


def test_a_custom_certificate_and_origin_access_control_as_aws_returns_them():
    """moto drops S3OriginConfig, OriginAccessControlId and a custom certificate: real shapes, stubbed."""
    client, stubber = stubbed("cloudfront")
    listing = {"Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": 1, "Items": [_summary()]}
    stubber.add_response("list_distributions", {"DistributionList": listing})
    access_denied(stubber, "get_distribution")
    stubber.add_response("list_tags_for_resource", {"Tags": {"Items": []}})
    with stubber:
        items, errors = run(CLOUDFRONT, clients={"cloudfront": client})
    stubber.assert_no_pending_responses()
    assert [e.api for e in errors] == ["GetDistribution"]
    config = one(items, DISTRIBUTION, "E1REAL").get("configuration.distributionConfig")
    assert config["viewerCertificate"] == {
        "cloudFrontDefaultCertificate": False,
        "acmCertificateArn": VIEWER["ACMCertificateArn"],
        "sslSupportMethod": "sni-only",
        "minimumProtocolVersion": "TLSv1.2_2021",
        "certificateSource": "acm",
    }
    assert config["origins"]["items"][0]["originAccessControlId"] == "E2OAC"
    assert config["origins"]["items"][0]["s3OriginConfig"] == {"originAccessIdentity": ""}
    assert config["aliases"]["items"] == ["www.example.com"]
