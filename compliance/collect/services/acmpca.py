"""AWS Private CA certificate authorities, as data (:mod:`compliance.collect.spec`), in AWS Config's spelling
(``AWS::ACMPCA::CertificateAuthority``, resource id the CA's ARN): ListCertificateAuthorities gives every CA
with its configuration in one request per region. Config's item flattens the CA configuration, so ``KeyAlgorithm``,
``SigningAlgorithm``, ``Subject`` and ``CsrExtensions`` sit beside ``Arn``, ``Type``, ``RevocationConfiguration``
and ``KeyStorageSecurityStandard``; ``Status`` (which Config's schema leaves out) is kept as the API answers it,
since a disabled CA is judged differently. Timestamps, serial and validity dates are left out; tags are not read
(no rule uses them), so a region costs one request."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from compliance.collect.base import CollectContext
from compliance.collect.spec import ResourceSpec, read_specs, spec_collector
from compliance.model import ConfigurationItem

CERTIFICATE_AUTHORITY = "AWS::ACMPCA::CertificateAuthority"
KEPT = ("Arn", "Type", "Status", "RevocationConfiguration", "KeyStorageSecurityStandard", "UsageMode")
FLATTENED = ("KeyAlgorithm", "SigningAlgorithm", "Subject", "CsrExtensions")


def _shaped(entry: dict[str, Any]) -> dict[str, Any]:
    configuration = entry.get("CertificateAuthorityConfiguration") or {}
    return {
        **{k: entry[k] for k in KEPT if k in entry},
        **{k: configuration[k] for k in FLATTENED if k in configuration},
    }


SPECS = (
    ResourceSpec(
        CERTIFICATE_AUTHORITY,
        "ListCertificateAuthorities",
        "CertificateAuthorities",
        "Arn",
        arn="Arn",
        casing="api",
        tags_key=None,
        clean=_shaped,
    ),
)


def _read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    """The CA whose ARN (the resource id) or ARN's last part (the CA's UUID) is ``id_or_arn``: Private CA's
    listing has no filter, so the region's one listing request is made and the CA picked from it."""
    for item in read_specs(ctx, "acm-pca", SPECS):
        if id_or_arn in (item.resourceId, item.resourceId.rsplit("/", 1)[-1]):
            return item
    return None


COLLECTORS = [
    replace(
        spec_collector("acmpca", "acm-pca", SPECS, description="AWS Private CA: root CAs in use"), read_one=_read_one
    )
]
