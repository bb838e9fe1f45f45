"""Transfer Family servers and connectors, as data (:mod:`compliance.collect.spec`): the list, then the
describe call per resource (protocols; logging role). Config's resource id is the server or connector id."""

from __future__ import annotations

from compliance.collect.spec import Detail, ResourceSpec, spec_collector

SERVER = "AWS::Transfer::Server"
CONNECTOR = "AWS::Transfer::Connector"

COLLECTORS = [
    spec_collector(
        "transfer",
        "transfer",
        (
            ResourceSpec(
                SERVER,
                "ListServers",
                "Servers",
                "ServerId",
                arn="Arn",
                casing="api",
                details=(
                    Detail(
                        "DescribeServer",
                        "configuration",
                        lambda e: {"ServerId": e["ServerId"]},
                        lambda r: {k: v for k, v in (r.get("Server") or {}).items() if k != "Tags"},
                    ),
                ),
            ),
            ResourceSpec(
                CONNECTOR,
                "ListConnectors",
                "Connectors",
                "ConnectorId",
                arn="Arn",
                casing="api",
                details=(
                    Detail(
                        "DescribeConnector",
                        "configuration",
                        lambda e: {"ConnectorId": e["ConnectorId"]},
                        lambda r: {k: v for k, v in (r.get("Connector") or {}).items() if k != "Tags"},
                    ),
                ),
            ),
        ),
        description="Transfer Family servers (protocols) and connectors (logging role)",
    )
]
