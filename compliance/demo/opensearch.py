"""Demo OpenSearch: an encrypted, HTTPS-only OpenSearch domain and an old unencrypted
Elasticsearch domain outside any VPC (ES.1/ES.2, Opensearch.1/.2). The simulator leaves
ServiceSoftwareOptions out of DescribeDomains; the demo adds it: current software on the new domain, an
update waiting on the old one (Opensearch.10)."""

from __future__ import annotations

from typing import Any

from compliance.demo._simulated import amend

SOFTWARE = {
    "product-search": {"CurrentVersion": "OpenSearch_2_5_R20240520", "NewVersion": "", "UpdateAvailable": False,
                       "Cancellable": False, "UpdateStatus": "COMPLETED", "OptionalDeployment": True},
    "legacy-logs": {"CurrentVersion": "Elasticsearch_7_10_R20230928", "NewVersion": "Elasticsearch_7_10_R20240520",
                    "UpdateAvailable": True, "Cancellable": False, "UpdateStatus": "ELIGIBLE",
                    "OptionalDeployment": False},
}  # fmt: skip


def _software(parsed: dict[str, Any]) -> None:
    for domain in parsed.get("DomainStatusList") or []:
        if domain.get("DomainName") in SOFTWARE:
            domain.setdefault("ServiceSoftwareOptions", dict(SOFTWARE[domain["DomainName"]]))


def seed(session: Any, regions: list[str]) -> None:
    amend(session, "opensearch", "DescribeDomains", _software)
    client = session.client("opensearch", region_name=regions[0])
    client.create_domain(
        DomainName="product-search",
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
    )
    session.client("opensearch", region_name=regions[-1]).create_domain(
        DomainName="legacy-logs", EngineVersion="Elasticsearch_7.10"
    )
