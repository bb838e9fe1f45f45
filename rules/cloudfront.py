"""CloudFront rules over AWS::CloudFront::Distribution (configuration.distributionConfig)."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare, non_empty, setting
from ._util import as_bool, as_list

DISTRIBUTION = "AWS::CloudFront::Distribution"
CONFIG = "configuration.distributionConfig"
ORIGINS = CONFIG + ".origins.items"
S3_DOMAIN = ".s3."  # bucket.s3.amazonaws.com, bucket.s3.region.amazonaws.com
S3_SUFFIX = ".s3.amazonaws.com"


def _is_s3(origin):
    domain = str(origin.get("domainName", ""))
    return origin.get("s3OriginConfig") is not None or S3_DOMAIN in domain or domain.endswith(S3_SUFFIX)


def _dist_setting(id, title, path, severity, rationale, remediation, **kw):
    return setting(id=id, title=title, resource_types=[DISTRIBUTION], path=f"{CONFIG}.{path}", severity=severity,
                   rationale=rationale, remediation=remediation, **kw)  # fmt: skip


def _origins_rule(id, title, severity, rationale, remediation, origin_fails, failing, passing, wanted=None,
                  reads=(), parameters=None):  # fmt: skip
    """A rule failing a distribution when ``origin_fails(origin, params)`` holds for one of the origins that
    ``wanted(origin)`` selects (none selected: NOT_APPLICABLE)."""

    def check(ci, params):
        origins = ci.get(ORIGINS)
        if origins is None:
            return insufficient_data("the distribution's origins were not recorded")
        chosen = [o for o in as_list(origins) if wanted is None or wanted(o)]
        if not chosen:
            return not_applicable("no origin of that kind")
        bad = [o.get("id", "?") for o in chosen if origin_fails(o, params)]
        if bad:
            return non_compliant(f"{failing}: {', '.join(bad)}")
        return compliant(passing)

    check.__doc__ = f"Reads {ORIGINS} ({failing})."
    return declare(id=id, title=title, resource_types=[DISTRIBUTION], reads=[ORIGINS, *reads], severity=severity,
                   parameters=parameters, rationale=rationale, remediation=remediation)(check)  # fmt: skip


@declare(
    id="cloudfront-default-root-object-configured",
    title="CloudFront distributions with S3 origins have a default root object",
    resource_types=[DISTRIBUTION],
    reads=[ORIGINS, CONFIG + ".defaultRootObject"],
    severity="high",
    rationale="Without a default root object a request for / may list or expose the origin's contents.",
    remediation="aws cloudfront update-distribution --id D (DefaultRootObject=index.html in the config)",
)
def cloudfront_default_root_object_configured(ci):
    """Reads distributionConfig.defaultRootObject of distributions with an S3 origin."""
    origins = ci.get(ORIGINS)
    if origins is None:
        return insufficient_data("the distribution's origins were not recorded")
    if not any(_is_s3(o) for o in as_list(origins)):
        return not_applicable("no S3 origin")
    if ci.get(CONFIG + ".defaultRootObject"):
        return compliant(f"default root object {ci.get(CONFIG + '.defaultRootObject')}")
    return non_compliant("no default root object")


@declare(
    id="cloudfront-viewer-policy-https",
    title="CloudFront distributions require HTTPS from viewers",
    resource_types=[DISTRIBUTION],
    reads=[CONFIG + ".defaultCacheBehavior.viewerProtocolPolicy", CONFIG + ".cacheBehaviors.items"],
    severity="medium",
    rationale="Over plain HTTP, requests, cookies and responses can be read and changed on the way.",
    remediation="Set ViewerProtocolPolicy to redirect-to-https or https-only on every cache behavior.",
)
def cloudfront_viewer_policy_https(ci):
    """Reads viewerProtocolPolicy of the default and every other cache behavior (allow-all fails)."""
    default = ci.get(CONFIG + ".defaultCacheBehavior.viewerProtocolPolicy")
    if default is None:
        return insufficient_data("the default cache behavior was not recorded")
    policies = [default] + [b.get("viewerProtocolPolicy") for b in as_list(ci.get(CONFIG + ".cacheBehaviors.items"))]
    if "allow-all" in policies:
        return non_compliant("a cache behavior allows plain HTTP")
    return compliant("every cache behavior requires HTTPS")


cloudfront_origin_failover_enabled = setting(
    id="cloudfront-origin-failover-enabled",
    title="CloudFront distributions have origin failover",
    resource_types=[DISTRIBUTION],
    path=CONFIG + ".originGroups.items",
    passes=lambda value, params: any(
        len(as_list((g.get("members") or {}).get("items"))) >= 2 for g in as_list(value)
    ),
    failing="no origin group with two origins",
    passing="an origin group fails over",
    absent="fail",  # AWS Config leaves originGroups.items out when there are none
    severity="low",
    rationale="With one origin, its outage is the distribution's outage.",
    remediation="Create an origin group with a primary and a secondary origin and use it in the cache behaviors.",
)
cloudfront_accesslogs_enabled = _dist_setting(
    "cloudfront-accesslogs-enabled", "CloudFront distributions have standard logging", "logging.enabled", "medium",
    "Access logs record every request, which investigations and abuse analysis need.",
    "aws cloudfront update-distribution --id D (Logging Enabled=true, Bucket=...)", what="standard logging",
)  # fmt: skip
cloudfront_associated_with_waf = _dist_setting(
    "cloudfront-associated-with-waf", "CloudFront distributions are associated with a WAF web ACL", "webACLId",
    "medium", "A web ACL filters common web exploits and abusive clients at the edge.",
    "aws cloudfront update-distribution --id D (WebACLId=ARN of a global WAFv2 web ACL)",
    passes=non_empty, failing="no web ACL", passing="a web ACL is attached", absent="fail",
)  # fmt: skip
cloudfront_custom_ssl_certificate = _dist_setting(
    "cloudfront-custom-ssl-certificate", "CloudFront distributions use a custom SSL/TLS certificate",
    "viewerCertificate.cloudFrontDefaultCertificate", "medium",
    "A custom certificate serves your own domain names over HTTPS instead of *.cloudfront.net only.",
    "Import or request a certificate in ACM (us-east-1) and set ViewerCertificate ACMCertificateArn.",
    passes=lambda value, params: as_bool(value) is False, failing="the default CloudFront certificate is used",
    passing="a custom certificate is used",
)  # fmt: skip
cloudfront_sni_enabled = _dist_setting(
    "cloudfront-sni-enabled", "CloudFront distributions with custom certificates use SNI",
    "viewerCertificate.sslSupportMethod", "low",
    "Dedicated-IP SSL costs more and is only needed for clients too old for SNI.",
    "Set ViewerCertificate SSLSupportMethod to sni-only.",
    passes=lambda value, params: str(value) == "sni-only", failing="SSL support method is {value}",
    passing="SNI is used", applies=lambda ci: "the default CloudFront certificate is used"
    if as_bool(ci.get(CONFIG + ".viewerCertificate.cloudFrontDefaultCertificate")) else None,
    reads=[CONFIG + ".viewerCertificate.cloudFrontDefaultCertificate"],
)  # fmt: skip


def _custom(origin):
    return origin.get("customOriginConfig") is not None and not _is_s3(origin)


cloudfront_traffic_to_origin_encrypted = _origins_rule(
    "cloudfront-traffic-to-origin-encrypted", "CloudFront encrypts traffic to custom origins", "medium",
    "Between CloudFront and an HTTP origin, requests and responses travel in clear text.",
    "Set OriginProtocolPolicy to https-only on each custom origin (and match-viewer only with HTTPS viewers).",
    lambda o, params: (o.get("customOriginConfig") or {}).get("originProtocolPolicy") == "http-only",
    "origins reached over plain HTTP", "origins are reached over HTTPS", wanted=_custom,
)  # fmt: skip
cloudfront_no_deprecated_ssl_protocols = _origins_rule(
    "cloudfront-no-deprecated-ssl-protocols", "CloudFront does not use SSLv3 towards custom origins", "medium",
    "SSLv3 is broken (POODLE); an origin connection using it can be decrypted.",
    "Remove SSLv3 from OriginSslProtocols of each custom origin.",
    lambda o, params: "SSLv3" in as_list(((o.get("customOriginConfig") or {}).get("originSslProtocols") or {})
                                         .get("items")),
    "origins allowing SSLv3", "no origin allows SSLv3", wanted=_custom,
)  # fmt: skip
cloudfront_s3_origin_access_control_enabled = _origins_rule(
    "cloudfront-s3-origin-access-control-enabled", "CloudFront distributions use origin access control for S3 "
    "origins", "medium",
    "With origin access control the bucket can refuse every request that does not come through CloudFront.",
    "Create an origin access control, set OriginAccessControlId on the S3 origins and allow it in the bucket policy.",
    lambda o, params: not o.get("originAccessControlId"), "S3 origins without origin access control",
    "every S3 origin uses origin access control", wanted=lambda o: o.get("s3OriginConfig") is not None,
)  # fmt: skip
cloudfront_origin_lambda_url_oac_enabled = _origins_rule(
    "cloudfront-origin-lambda-url-oac-enabled", "CloudFront uses origin access control for Lambda function URL "
    "origins", "medium",
    "With origin access control the function URL can require IAM auth, so only CloudFront can call it.",
    "Create an origin access control of type lambda and set OriginAccessControlId on the function URL origins.",
    lambda o, params: not o.get("originAccessControlId"), "Lambda URL origins without origin access control",
    "every Lambda URL origin uses origin access control",
    wanted=lambda o: ".lambda-url." in str(o.get("domainName", "")),
)  # fmt: skip


@declare(
    id="cloudfront-s3-origin-non-existent-bucket",
    title="CloudFront distributions do not point to S3 buckets that do not exist",
    resource_types=[DISTRIBUTION],
    reads={DISTRIBUTION: [ORIGINS], "AWS::S3::Bucket": []},
    severity="high",
    trigger="periodic",
    rationale="Anyone can create a deleted bucket's name again and serve content through your distribution.",
    remediation="Point the origin at an existing bucket you own, or remove the origin.",
)
def cloudfront_s3_origin_non_existent_bucket(ci, snapshot):
    """Looks up each S3 origin's bucket (the part of domainName before .s3.) among the collected buckets."""
    origins = ci.get(ORIGINS)
    if origins is None:
        return insufficient_data("the distribution's origins were not recorded")
    buckets = [str(o.get("domainName", "")).split(S3_DOMAIN)[0] for o in as_list(origins) if _is_s3(o)]
    if not buckets:
        return not_applicable("no S3 origin")
    if not snapshot.has_data("AWS::S3::Bucket"):
        return insufficient_data("S3 buckets were not collected")
    known = {b.resourceName or b.resourceId for b in snapshot.of_type("AWS::S3::Bucket")}
    missing = [b for b in buckets if b not in known]
    if missing:
        return non_compliant(f"origin bucket(s) not found in the account: {', '.join(missing)}")
    return compliant("every origin bucket exists")


_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"]
cloudfront_ssl_policy_check = _dist_setting(
    "cloudfront-ssl-policy-check", "CloudFront distributions use a recommended TLS security policy",
    "viewerCertificate.minimumProtocolVersion", "medium",
    "Older security policies allow TLS versions and ciphers with known weaknesses.",
    "Set ViewerCertificate MinimumProtocolVersion to TLSv1.2_2021 or later.",
    passes=lambda value, params: str(value) in params["securityPolicies"], failing="security policy {value}",
    passing="a recommended security policy", parameters={"securityPolicies": Param(list, _POLICIES,
                                                                                   "Accepted security policies")},
    applies=lambda ci: "the default CloudFront certificate is used"
    if as_bool(ci.get(CONFIG + ".viewerCertificate.cloudFrontDefaultCertificate")) else None,
    reads=[CONFIG + ".viewerCertificate.cloudFrontDefaultCertificate"],
)  # fmt: skip
