"""CloudFront, API Gateway and AppSync rules on AWS Config-shaped items."""

from __future__ import annotations

import pytest

from compliance.testing import COMPLIANT as C
from compliance.testing import INSUFFICIENT_DATA as INS
from compliance.testing import NON_COMPLIANT as NC
from compliance.testing import NOT_APPLICABLE as NA
from compliance.testing import RuleCase as Case
from compliance.testing import make_ci, property_cases

DIST, STAGE, STAGE_V2, API = (
    "AWS::CloudFront::Distribution", "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage", "AWS::AppSync::GraphQLApi"
)  # fmt: skip
S3_ORIGIN = {"id": "s3", "domainName": "site.s3.amazonaws.com", "s3OriginConfig": {"originAccessIdentity": ""}}


def custom(policy, protocols):
    config = {"originProtocolPolicy": policy, "originSslProtocols": {"items": protocols}}
    return {"id": "web", "domainName": "app.example.com", "customOriginConfig": config}


WEB_ORIGIN, HTTP_ORIGIN = custom("https-only", ["TLSv1.2"]), custom("http-only", ["SSLv3"])
URL_ORIGIN = {"id": "fn", "domainName": "abc.lambda-url.us-east-1.on.aws", "customOriginConfig": {}}


def dist(*origins, **config):
    return make_ci(DIST, "E1", {"distributionConfig": {"origins": {"items": list(origins)}, **config}})


def cert(**viewer):
    return dist(WEB_ORIGIN, viewerCertificate=viewer)


def stage(**config):
    return make_ci(STAGE, "api/prod", config)


def method(**settings):
    return stage(methodSettings={"*/*": settings}, cacheClusterEnabled=True)


CF = "configuration.distributionConfig"
ALLOW_ALL = {"viewerProtocolPolicy": "allow-all"}
INFO = {"loggingLevel": "INFO"}
CUSTOM_CERT = {"cloudFrontDefaultCertificate": False, "sslSupportMethod": "sni-only",
               "minimumProtocolVersion": "TLSv1.2_2021"}  # fmt: skip
CASES = [
    Case("cloudfront-default-root-object-configured", C, [dist(S3_ORIGIN, defaultRootObject="index.html")]),
    Case("cloudfront-default-root-object-configured", NC, [dist(S3_ORIGIN)]),
    Case("cloudfront-default-root-object-configured", NA, [dist(WEB_ORIGIN)]),
    Case("cloudfront-default-root-object-configured", INS, [make_ci(DIST, "E1", {})]),
    Case("cloudfront-viewer-policy-https", C, [dist(defaultCacheBehavior={"viewerProtocolPolicy": "https-only"})]),
    Case("cloudfront-viewer-policy-https", NC, [dist(defaultCacheBehavior={"viewerProtocolPolicy": "https-only"},
                                                     cacheBehaviors={"items": [ALLOW_ALL]})]),
    Case("cloudfront-viewer-policy-https", INS, [make_ci(DIST, "E1", {})]),
    *property_cases("cloudfront-origin-failover-enabled", DIST, CF + ".originGroups.items",
                    [{"members": {"items": [{"originId": "a"}, {"originId": "b"}]}}], [], absent=NC),
    *property_cases("cloudfront-accesslogs-enabled", DIST, CF + ".logging.enabled", True, False),
    *property_cases("cloudfront-associated-with-waf", DIST, CF + ".webACLId", "arn:aws:wafv2:acl", "", absent=NC),
    *property_cases("cloudfront-custom-ssl-certificate", DIST, CF + ".viewerCertificate.cloudFrontDefaultCertificate",
                    False, True),
    Case("cloudfront-sni-enabled", C, [cert(**CUSTOM_CERT)]),
    Case("cloudfront-sni-enabled", NC, [cert(cloudFrontDefaultCertificate=False, sslSupportMethod="vip")]),
    Case("cloudfront-sni-enabled", NA, [cert(cloudFrontDefaultCertificate=True)]),
    Case("cloudfront-sni-enabled", INS, [dist(WEB_ORIGIN)]),
    Case("cloudfront-ssl-policy-check", C, [cert(**CUSTOM_CERT)]),
    Case("cloudfront-ssl-policy-check", NC, [cert(cloudFrontDefaultCertificate=False, minimumProtocolVersion="TLSv1")]),
    Case("cloudfront-ssl-policy-check", NA, [cert(cloudFrontDefaultCertificate=True)]),
    Case("cloudfront-ssl-policy-check", INS, [dist(WEB_ORIGIN)]),
    Case("cloudfront-traffic-to-origin-encrypted", C, [dist(WEB_ORIGIN)]),
    Case("cloudfront-traffic-to-origin-encrypted", NC, [dist(HTTP_ORIGIN)]),
    Case("cloudfront-traffic-to-origin-encrypted", NA, [dist(S3_ORIGIN)]),
    Case("cloudfront-traffic-to-origin-encrypted", INS, [make_ci(DIST, "E1", {})]),
    Case("cloudfront-no-deprecated-ssl-protocols", C, [dist(WEB_ORIGIN)]),
    Case("cloudfront-no-deprecated-ssl-protocols", NC, [dist(HTTP_ORIGIN)]),
    Case("cloudfront-no-deprecated-ssl-protocols", INS, [make_ci(DIST, "E1", {})]),
    Case("cloudfront-s3-origin-access-control-enabled", C, [dist({**S3_ORIGIN, "originAccessControlId": "oac"})]),
    Case("cloudfront-s3-origin-access-control-enabled", NC, [dist(S3_ORIGIN)]),
    Case("cloudfront-s3-origin-access-control-enabled", NA, [dist(WEB_ORIGIN)]),
    Case("cloudfront-s3-origin-access-control-enabled", INS, [make_ci(DIST, "E1", {})]),
    Case("cloudfront-origin-lambda-url-oac-enabled", C, [dist({**URL_ORIGIN, "originAccessControlId": "oac"})]),
    Case("cloudfront-origin-lambda-url-oac-enabled", NC, [dist(URL_ORIGIN)]),
    Case("cloudfront-origin-lambda-url-oac-enabled", NA, [dist(S3_ORIGIN)]),
    Case("cloudfront-origin-lambda-url-oac-enabled", INS, [make_ci(DIST, "E1", {})]),
    Case("cloudfront-s3-origin-non-existent-bucket", C, [dist(S3_ORIGIN), make_ci("AWS::S3::Bucket", "site")]),
    Case("cloudfront-s3-origin-non-existent-bucket", NC, [dist(S3_ORIGIN), make_ci("AWS::S3::Bucket", "other")]),
    Case("cloudfront-s3-origin-non-existent-bucket", NA, [dist(WEB_ORIGIN)]),
    Case("cloudfront-s3-origin-non-existent-bucket", INS, [dist(S3_ORIGIN)], "buckets not collected",
         collected=[DIST]),
    Case("api-gw-execution-logging-enabled", C, [stage(methodSettings={"*/*": {"loggingLevel": "ERROR"}})]),
    Case("api-gw-execution-logging-enabled", NC, [stage(methodSettings={"*/*": {"loggingLevel": "OFF"}})]),
    Case("api-gw-execution-logging-enabled", NC, [stage(stageName="prod")], "no method settings"),
    Case("api-gw-execution-logging-enabled", C, [make_ci(STAGE_V2, "ws", {"defaultRouteSettings": INFO})]),
    Case("api-gw-execution-logging-enabled", NC, [make_ci(STAGE_V2, "ws", {"defaultRouteSettings": {}})]),
    Case("api-gw-execution-logging-enabled", INS, [stage()]),
    *property_cases("api-gw-ssl-enabled", STAGE, "configuration.clientCertificateId", "cert-1", "", absent=NC),
    *property_cases("api-gw-xray-enabled", STAGE, "configuration.tracingEnabled", True, False),
    *property_cases("api-gw-associated-with-waf", STAGE, "configuration.webAclArn", "arn:aws:wafv2:acl", "", absent=NC),
    Case("api-gw-cache-encrypted", C, [method(cachingEnabled=True, cacheDataEncrypted=True)]),
    Case("api-gw-cache-encrypted", NC, [method(cachingEnabled=True, cacheDataEncrypted=False)]),
    Case("api-gw-cache-encrypted", NA, [stage(cacheClusterEnabled=False)]),
    Case("api-gw-cache-encrypted", INS, [stage()]),
    *property_cases("api-gwv2-access-logs-enabled", STAGE_V2, "configuration.accessLogSettings.destinationArn",
                    "arn:aws:logs:group", "", absent=NC),
    *property_cases("api-gwv2-authorization-type-configured", "AWS::ApiGatewayV2::Route",
                    "configuration.AuthorizationType", "JWT", "NONE"),
    *property_cases("appsync-logging-enabled", API, "configuration.LogConfig.FieldLogLevel", "ERROR", "NONE",
                    absent=NC),
    *property_cases("appsync-authorization-check", API, "configuration.AuthenticationType", "AWS_IAM", "API_KEY"),
    *property_cases("appsync-cache-ct-encryption-at-rest", API,
                    "supplementaryConfiguration.ApiCache.AtRestEncryptionEnabled", True, False),
    Case("appsync-cache-ct-encryption-at-rest", NA, [make_ci(API, "a1", {"Name": "a"}, {"ApiCache": {}})]),
    *property_cases("appsync-cache-ct-encryption-in-transit", "AWS::AppSync::ApiCache",
                    "configuration.TransitEncryptionEnabled", True, False),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule(case):
    case.check()
