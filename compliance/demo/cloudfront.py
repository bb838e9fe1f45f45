"""Demo CloudFront (global): a storefront distribution serving its own bucket through origin access control, with
a custom SNI certificate, a modern TLS policy, HTTPS to viewers and origins, logging, a web ACL, a default root
object and an origin group; and a legacy distribution on the default certificate, allowing plain HTTP, reaching an
SSLv3 origin over HTTP and pointing at a bucket that no longer exists (CloudFront.1-.13). The API origin checks a
shared-secret header, which the snapshot keeps only as a salted hash.

The simulator drops S3OriginConfig and OriginAccessControlId from origins and always reports the default
certificate, so the demo puts back, in ListDistributions and GetDistribution, the values the seed created
(as the real API returns them)."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import amend

BUCKET = "demo-storefront-assets"
WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/storefront-edge/4c9d0a5e-demo"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/5a1e0c3b-demo-storefront"
BEHAVIOR = {"MinTTL": 0, "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}
NO_OAI = {"OriginAccessIdentity": ""}
SECRETS = ("cdn-origin-verify-7f3a9c",)  # the header the API origin checks; redacted in the snapshot


def _custom(policy: str, protocols: list[str]) -> dict[str, Any]:
    return {
        "HTTPPort": 80,
        "HTTPSPort": 443,
        "OriginProtocolPolicy": policy,
        "OriginSslProtocols": {"Quantity": len(protocols), "Items": protocols},
    }


def _config(name: str, origins: list[dict[str, Any]], viewer: str, **more: Any) -> dict[str, Any]:
    return {
        "CallerReference": name,
        "Comment": name,
        "Enabled": True,
        "Origins": {"Quantity": len(origins), "Items": origins},
        "DefaultCacheBehavior": {"TargetOriginId": origins[0]["Id"], "ViewerProtocolPolicy": viewer, **BEHAVIOR},
        **more,
    }


def _restore(created: dict[str, dict[str, Any]]) -> Any:
    """An amender putting back, per distribution (by comment), the certificate and origin access the seed set."""

    def fix(config: dict[str, Any]) -> None:
        asked = created.get(str(config.get("Comment")))
        if asked is None:
            return
        config["ViewerCertificate"] = dict(asked["ViewerCertificate"])
        wanted = {o["Id"]: o for o in asked["Origins"]["Items"]}
        for origin in (config.get("Origins") or {}).get("Items") or []:
            for key in ("S3OriginConfig", "OriginAccessControlId"):
                if key in wanted.get(origin.get("Id"), {}):
                    origin[key] = wanted[origin["Id"]][key]

    def amender(parsed: dict[str, Any]) -> None:
        for summary in (parsed.get("DistributionList") or {}).get("Items") or []:
            fix(summary)
        if "Distribution" in parsed:
            fix(parsed["Distribution"].get("DistributionConfig") or {})

    return amender


def seed(session: Any, regions: list[str]) -> None:
    session.client("s3", region_name=regions[0]).create_bucket(Bucket=BUCKET)
    cloudfront = session.client("cloudfront", region_name="us-east-1")
    control = cloudfront.create_origin_access_control(
        OriginAccessControlConfig={
            "Name": "storefront-assets",
            "SigningProtocol": "sigv4",
            "SigningBehavior": "always",
            "OriginAccessControlOriginType": "s3",
        }
    )["OriginAccessControl"]["Id"]
    assets = {
        "Id": "assets",
        "DomainName": f"{BUCKET}.s3.amazonaws.com",
        "S3OriginConfig": NO_OAI,
        "OriginAccessControlId": control,
    }
    api = {
        "Id": "api",
        "DomainName": "api.shop.example.com",
        "CustomOriginConfig": _custom("https-only", ["TLSv1.2"]),
        "CustomHeaders": {"Quantity": 1, "Items": [{"HeaderName": "X-Origin-Verify", "HeaderValue": SECRETS[0]}]},
    }
    storefront = _config(
        "storefront",
        [assets, api],
        "redirect-to-https",
        DefaultRootObject="index.html",
        Logging={"Enabled": True, "IncludeCookies": False, "Bucket": f"{BUCKET}.s3.amazonaws.com", "Prefix": "cdn/"},
        WebACLId=WEB_ACL,
        ViewerCertificate={
            "CloudFrontDefaultCertificate": False,
            "ACMCertificateArn": CERTIFICATE,
            "SSLSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
            "CertificateSource": "acm",
        },
        OriginGroups={
            "Quantity": 1,
            "Items": [
                {
                    "Id": "assets-failover",
                    "FailoverCriteria": {"StatusCodes": {"Quantity": 2, "Items": [500, 503]}},
                    "Members": {"Quantity": 2, "Items": [{"OriginId": "assets"}, {"OriginId": "api"}]},
                }
            ],
        },
    )
    old = {"Id": "old-site", "DomainName": "demo-retired-site.s3.amazonaws.com", "S3OriginConfig": NO_OAI}
    plain = _custom("http-only", ["SSLv3"])
    shop = {"Id": "shop", "DomainName": "legacy.shop.example.com", "CustomOriginConfig": plain}
    legacy = _config(
        "legacy-shop",
        [old, shop],
        "allow-all",
        ViewerCertificate={"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1",
                           "CertificateSource": "cloudfront"},
    )  # fmt: skip
    for config in (storefront, legacy):
        cloudfront.create_distribution(DistributionConfig=config)
    restore = _restore({c["Comment"]: c for c in (storefront, legacy)})
    amend(session, "cloudfront", "ListDistributions", restore)
    amend(session, "cloudfront", "GetDistribution", restore)
