"""MSK rules: TLS between brokers, public access, unauthenticated access, MSK Connect encryption and logs."""

from __future__ import annotations

from ._checks import is_in, not_in, setting
from ._util import as_bool

CLUSTER = "AWS::MSK::Cluster"
CONNECTOR = "AWS::KafkaConnect::Connector"

msk_in_cluster_node_require_tls = setting(
    id="msk-in-cluster-node-require-tls",
    title="MSK clusters encrypt traffic between brokers and from clients",
    resource_types=[CLUSTER],
    path="configuration.EncryptionInfo.EncryptionInTransit",
    passes=lambda value, params: as_bool(value.get("InCluster", True)) is not False
    and str(value.get("ClientBroker", "TLS")).upper() == "TLS",
    failing="encryption in transit is not enforced",
    passing="TLS among brokers and from clients",
    severity="medium",
    rationale="Without TLS, records cross the network in clear text between brokers and clients.",
    remediation="aws kafka update-security --cluster-arn C --current-version V "
    "--encryption-info EncryptionInTransit={ClientBroker=TLS,InCluster=true}",
)
msk_cluster_public_access_disabled = setting(
    id="msk-cluster-public-access-disabled",
    title="MSK clusters have public access off",
    resource_types=[CLUSTER],
    path="configuration.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type",
    passes=not_in("SERVICE_PROVIDED_EIPS"),
    failing="brokers are publicly accessible",
    passing="public access is off",
    severity="critical",
    rationale="Public brokers can be reached, and attacked, from anywhere on the internet.",
    remediation="aws kafka update-connectivity --cluster-arn C --current-version V "
    "--connectivity-info PublicAccess={Type=DISABLED}",
)
msk_unrestricted_access_check = setting(
    id="msk-unrestricted-access-check",
    title="MSK clusters do not allow unauthenticated access",
    resource_types=[CLUSTER],
    path="configuration.ClientAuthentication.Unauthenticated.Enabled",
    passes=lambda value, params: as_bool(value) is False,
    failing="unauthenticated clients are allowed",
    passing="clients must authenticate",
    severity="medium",
    rationale="Unauthenticated access lets anything that reaches the brokers read and write every topic.",
    remediation="aws kafka update-security --cluster-arn C --current-version V --client-authentication "
    "Sasl={Iam={Enabled=true}},Unauthenticated={Enabled=false}",
)
msk_connect_connector_encrypted = setting(
    id="msk-connect-connector-encrypted",
    title="MSK Connect connectors encrypt traffic to the cluster",
    resource_types=[CONNECTOR],
    path="configuration.KafkaClusterEncryptionInTransit.EncryptionType",
    passes=is_in("TLS"),
    failing="encryption in transit is {value}",
    passing="TLS to the cluster",
    severity="medium",
    rationale="Without TLS the connector's records cross the network in clear text.",
    remediation="Encryption is set at creation: create the connector with kafkaClusterEncryptionInTransit "
    "encryptionType=TLS.",
)
msk_connect_connector_logging_enabled = setting(
    id="msk-connect-connector-logging-enabled",
    title="MSK Connect connectors deliver their logs",
    resource_types=[CONNECTOR],
    path="configuration.LogDelivery.WorkerLogDelivery",
    passes=lambda value, params: any(
        as_bool((value.get(k) or {}).get("Enabled")) for k in ("CloudWatchLogs", "Firehose", "S3")
    ),
    failing="worker logs are not delivered anywhere",
    passing="worker logs are delivered",
    absent="fail",  # no log delivery configuration means logging is off
    severity="medium",
    rationale="Worker logs explain connector failures and show what the connector did.",
    remediation="Recreate the connector with logDelivery workerLogDelivery cloudWatchLogs enabled=true.",
)
