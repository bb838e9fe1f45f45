"""Demo OpenSearch: an encrypted, HTTPS-only OpenSearch domain and an old unencrypted
Elasticsearch domain outside any VPC (ES.1/ES.2, Opensearch.1/.2)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
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
