"""CloudFront distributions (``AWS::CloudFront::Distribution``), read once per account through us-east-1 and
recorded as AWS Config records them: ``awsRegion`` "global", resource id the distribution id, ``configuration``
with ``id``, ``arn``, ``domainName``, ``lastModifiedTime`` and the settings under ``distributionConfig``
(Config's camelCase, with its own spelling of ``acmCertificateArn``, ``iamCertificateId``, ``sslSupportMethod``,
``httpPort``, ``httpsPort``).

ListDistributions gives most of the configuration; GetDistribution per distribution adds what the list leaves
out (``logging``, ``defaultRootObject``, ``callerReference``, trusted signers), and runs only when a selected rule
reads one of those. Deployment state (``status``, in-progress invalidations, ETags) is not configuration and is
left out. Origin custom header values are often a shared secret between CloudFront and the origin: they are
redacted (salted hash), the header names kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import GLOBAL_REGION, Call, CollectContext, Collector
from compliance.collect.helpers import AWS_ERRORS, call, error_code, jsonable, redact, tag_dict
from compliance.model import ConfigurationItem

DISTRIBUTION = "AWS::CloudFront::Distribution"
TYPES = (DISTRIBUTION,)
SERVICE = "cloudfront"
# AWS Config's spelling where it is not "first letter lowered"
SPELLING = {
    "ACMCertificateArn": "acmCertificateArn",
    "ARN": "arn",
    "HTTPPort": "httpPort",
    "HTTPSPort": "httpsPort",
    "IAMCertificateId": "iamCertificateId",
    "SSLSupportMethod": "sslSupportMethod",
}
STATE = ("ETag", "Status", "InProgressInvalidationBatches", "ResponseMetadata")
# what GetDistribution adds to the listed summary
CONFIG_ONLY = ("CallerReference", "DefaultRootObject", "Logging", "ContinuousDeploymentPolicyId", "TenantConfig",
               "CacheTagConfig")  # fmt: skip
DISTRIBUTION_ONLY = ("ActiveTrustedSigners", "ActiveTrustedKeyGroups")
DETAILED = tuple(f"configuration.distributionConfig.{k[:1].lower()}{k[1:]}" for k in CONFIG_ONLY) + tuple(
    f"configuration.{k[:1].lower()}{k[1:]}" for k in DISTRIBUTION_ONLY
)
# the summary's own keys, outside distributionConfig
TOP = ("Id", "ARN", "DomainName", "LastModifiedTime", "AliasICPRecordals")

CALLS = (
    Call("ListDistributions", "cloudfront:ListDistributions", {DISTRIBUTION: ("configuration",)}, lists=TYPES),
    Call("GetDistribution", "cloudfront:GetDistribution", {DISTRIBUTION: DETAILED}, per="resource"),
    Call("ListTagsForResource", "cloudfront:ListTagsForResource", {DISTRIBUTION: ("tags",)}, per="resource"),
)


def config_spelling(value: Any) -> Any:
    """CloudFront API output in AWS Config's spelling (recursively)."""
    if isinstance(value, dict):
        return {SPELLING.get(k, k[:1].lower() + k[1:]): config_spelling(v) for k, v in value.items() if k not in STATE}
    if isinstance(value, list | tuple):
        return [config_spelling(v) for v in value]
    return jsonable(value)


def _redacted(config: dict[str, Any], arn: str) -> dict[str, Any]:
    """``config`` with each origin's custom header values replaced by their salted hash."""
    for origin in (config.get("Origins") or {}).get("Items") or []:
        for header in (origin.get("CustomHeaders") or {}).get("Items") or []:
            if "HeaderValue" in header:
                salt = f"{arn}#{origin.get('Id')}#{header.get('HeaderName')}"
                header["HeaderValue"] = redact(header["HeaderValue"], salt=salt)
    return config


def configuration(summary: dict[str, Any], distribution: dict[str, Any] | None = None) -> dict[str, Any]:
    """The item's configuration from a ListDistributions summary, completed by GetDistribution's
    ``Distribution`` when it was read (its DistributionConfig is the whole configuration)."""
    arn = str(summary.get("ARN") or "")
    shaped: dict[str, Any] = {k: summary[k] for k in TOP if k in summary}
    config = {k: v for k, v in summary.items() if k not in TOP and k not in STATE}
    if distribution is not None:
        shaped.update({k: distribution[k] for k in (*TOP, *DISTRIBUTION_ONLY) if k in distribution})
        config = distribution.get("DistributionConfig") or config
    shaped["DistributionConfig"] = _redacted(dict(config), arn)
    return config_spelling(shaped)


def _global_error(ctx: CollectContext, api: str, exc: BaseException, resource_id: str | None = None) -> None:
    ctx.record_error(SERVICE, api, exc, TYPES, resource_id=resource_id, region=GLOBAL_REGION)


def _summaries(ctx: CollectContext, cloudfront: Any) -> list[dict[str, Any]] | None:
    found: list[dict[str, Any]] = []
    try:
        for page in cloudfront.get_paginator("list_distributions").paginate():
            found.extend((page.get("DistributionList") or {}).get("Items") or [])
    except AWS_ERRORS as exc:
        _global_error(ctx, "ListDistributions", exc)
        return None
    return found


def _tags(ctx: CollectContext, cloudfront: Any, arn: str, resource_id: str) -> dict[str, str]:
    if not ctx.wants("ListTagsForResource"):
        return {}
    listed = call(ctx, SERVICE, "ListTagsForResource", cloudfront.list_tags_for_resource, TYPES,
                  resource_id=resource_id, error_region=GLOBAL_REGION, Resource=arn)  # fmt: skip
    return tag_dict(((listed or {}).get("Tags") or {}).get("Items"))


def _item(
    ctx: CollectContext, cloudfront: Any, summary: dict[str, Any], distribution: dict[str, Any] | None
) -> ConfigurationItem:
    resource_id, arn = str(summary["Id"]), str(summary.get("ARN") or "")
    return ctx.item(
        DISTRIBUTION,
        resource_id,
        configuration(summary, distribution),
        arn=arn or None,
        name=resource_id,
        region=GLOBAL_REGION,
        tags=_tags(ctx, cloudfront, arn, resource_id),
    )


def _listed(ctx: CollectContext, cloudfront: Any, summary: dict[str, Any]) -> ConfigurationItem:
    distribution = None
    if ctx.wants("GetDistribution"):
        found = call(ctx, SERVICE, "GetDistribution", cloudfront.get_distribution, TYPES, resource_id=summary["Id"],
                     error_region=GLOBAL_REGION, Id=summary["Id"])  # fmt: skip
        distribution = (found or {}).get("Distribution")  # a failed read: the summary, the rest unknown
    return _item(ctx, cloudfront, summary, distribution)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    cloudfront = ctx.client(SERVICE)  # the global region (us-east-1 in aws)
    summaries = _summaries(ctx, cloudfront) or []
    yield from ctx.map(lambda summary: _listed(ctx, cloudfront, summary), summaries)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """One distribution by id or ARN (``arn:aws:cloudfront::ACCOUNT:distribution/ID``), with GetDistribution."""
    resource_id = id_or_arn.rsplit("/", 1)[-1] if id_or_arn.startswith("arn:") else id_or_arn
    cloudfront = ctx.client(SERVICE)  # the global region (us-east-1 in aws)
    try:
        distribution = cloudfront.get_distribution(Id=resource_id).get("Distribution") or {}
    except AWS_ERRORS as exc:
        # an id of another type, or a deleted distribution: not this one. Only a refusal is worth recording.
        if error_code(exc).startswith("AccessDenied"):
            _global_error(ctx, "GetDistribution", exc, resource_id)
        return None
    if not distribution.get("Id"):
        return None
    return _item(ctx, cloudfront, distribution, distribution)


COLLECTORS = [
    Collector(
        name="cloudfront",
        resource_types=TYPES,
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        is_global=True,
        description="CloudFront distributions: viewer and origin TLS, logging, WAF, origin access (global)",
    )
]
