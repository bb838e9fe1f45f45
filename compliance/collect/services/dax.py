"""DynamoDB Accelerator (DAX) clusters, as data (:mod:`compliance.collect.spec`): DescribeClusters, one call
per region, nothing per resource.

AWS Config publishes no property schema for ``AWS::DAX::Cluster``; the items keep the API's own keys
(``SSEDescription.Status``, ``ClusterEndpointEncryptionType``, ``SubnetGroup``, ``SecurityGroups``, ...),
resource id the cluster name, ARN the API's ``ClusterArn``. Tags, which need a call per cluster, are left out."""

from __future__ import annotations

from compliance.collect.spec import ResourceSpec, spec_collector

CLUSTER = "AWS::DAX::Cluster"

COLLECTORS = [
    spec_collector(
        "dax",
        "dax",
        (
            ResourceSpec(
                CLUSTER,
                "DescribeClusters",
                "Clusters",
                "ClusterName",
                arn="ClusterArn",
                name_key="ClusterName",
                casing="api",
                tags_key=None,
                one=lambda name: {"ClusterNames": [name]},
            ),
        ),
        description="DAX clusters: encryption at rest and TLS to the endpoint",
    )
]
