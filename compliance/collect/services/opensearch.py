"""OpenSearch Service domains, both engines: OpenSearch domains as ``AWS::OpenSearch::Domain``
(Config's PascalCase) and Elasticsearch domains as ``AWS::Elasticsearch::Domain`` (Config's
older casing: ``encryptionAtRestOptions.enabled``, ``vpcoptions.subnetIds``, ...).

One ``list_domain_names`` and one ``describe_domains`` per 5 domains (the API's limit).
``AccessPolicies`` is kept parsed as ``supplementaryConfiguration.AccessPolicies``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, chunks, jackson_case, jsonable
from compliance.model import ConfigurationItem, Relationship

OPENSEARCH = "AWS::OpenSearch::Domain"
ELASTICSEARCH = "AWS::Elasticsearch::Domain"
TYPES = (OPENSEARCH, ELASTICSEARCH)
ES_PREFIX = "Elasticsearch_"


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("opensearch")
    listed = call(ctx, "opensearch", "ListDomainNames", client.list_domain_names, TYPES)
    names = [d["DomainName"] for d in (listed or {}).get("DomainNames", [])]
    for batch in chunks(names, 5):
        found = call(ctx, "opensearch", "DescribeDomains", client.describe_domains, TYPES, DomainNames=batch)
        for domain in (found or {}).get("DomainStatusList", []):
            yield _domain(ctx, domain)


def _domain(ctx: CollectContext, domain: dict[str, Any]) -> ConfigurationItem:
    domain = dict(domain)
    policy = domain.pop("AccessPolicies", None)
    supplementary = {"AccessPolicies": _parsed(policy)} if policy else {}
    version = domain.get("EngineVersion") or ""
    vpc = domain.get("VPCOptions") or {}
    relationships = [
        Relationship("AWS::EC2::SecurityGroup", sg, relationshipName="Is associated with SecurityGroup")
        for sg in vpc.get("SecurityGroupIds") or []
    ]
    if version.startswith(ES_PREFIX):
        resource_type = ELASTICSEARCH
        domain["ElasticsearchVersion"] = version[len(ES_PREFIX) :]
        domain["ElasticsearchClusterConfig"] = domain.pop("ClusterConfig", {})
        domain.pop("EngineVersion", None)
        configuration = jackson_case(domain, keep_keys_under=("LogPublishingOptions",))
        resource_id = domain["DomainName"]
    else:
        resource_type = OPENSEARCH
        configuration = jsonable(domain)
        configuration["Arn"] = domain.get("ARN")
        configuration["Id"] = domain.get("DomainId")
        resource_id = domain.get("DomainId") or domain["DomainName"]
    return ctx.item(
        resource_type,
        resource_id,
        configuration,
        arn=domain.get("ARN"),
        name=domain["DomainName"],
        supplementary=supplementary,
        relationships=relationships,
    )


def _parsed(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


COLLECTORS = [
    Collector(
        name="opensearch",
        resource_types=TYPES,
        permissions=("es:ListDomainNames", "es:DescribeDomains"),
        collect=collect,
        description="OpenSearch/Elasticsearch domains: encryption at rest, node-to-node, VPC, logging, HTTPS",
    )
]
