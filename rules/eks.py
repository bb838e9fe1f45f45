"""EKS rules: private endpoints, supported Kubernetes versions, secrets encryption and audit logs."""

from __future__ import annotations

from compliance.rule import Param

from ._checks import setting
from ._util import as_bool, as_list

CLUSTER = "AWS::EKS::Cluster"


def _version(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(value).split(".") if part.isdigit())


eks_endpoint_no_public_access = setting(
    id="eks-endpoint-no-public-access",
    title="EKS cluster endpoints are not publicly accessible",
    resource_types=[CLUSTER],
    path="configuration.ResourcesVpcConfig.EndpointPublicAccess",
    passes=lambda value, params: as_bool(value) is False,
    failing="the Kubernetes API endpoint is public",
    passing="the endpoint is private",
    severity="high",
    trigger="periodic",
    rationale="A public API endpoint lets anyone on the internet try credentials and exploits against it.",
    remediation="aws eks update-cluster-config --name C --resources-vpc-config "
    "endpointPublicAccess=false,endpointPrivateAccess=true",
)
eks_cluster_supported_version = setting(
    id="eks-cluster-supported-version",
    title="EKS clusters run a supported Kubernetes version",
    resource_types=[CLUSTER],
    path="configuration.Version",
    passes=lambda value, params: _version(value) >= _version(params["oldestVersionSupported"]),
    failing="Kubernetes {value} is older than the oldest supported version",
    passing="on a supported Kubernetes version",
    parameters={"oldestVersionSupported": Param(str, "1.31", "Oldest Kubernetes version accepted (changes over time)")},
    severity="high",
    rationale="Versions out of support get no security patches.",
    remediation="aws eks update-cluster-version --name C --kubernetes-version VERSION (one minor version at a time)",
)
eks_cluster_secrets_encrypted = setting(
    id="eks-cluster-secrets-encrypted",
    title="EKS clusters encrypt Kubernetes secrets with KMS",
    resource_types=[CLUSTER],
    path="configuration.EncryptionConfig",
    passes=lambda value, params: any("secrets" in as_list(c.get("Resources")) for c in as_list(value)),
    failing="Kubernetes secrets are not encrypted with a KMS key",
    passing="secrets are encrypted with KMS",
    absent="fail",  # no EncryptionConfig means envelope encryption is off
    severity="medium",
    rationale="Envelope encryption keeps secrets unreadable in etcd backups and to whoever reads etcd directly.",
    remediation="aws eks associate-encryption-config --cluster-name C --encryption-config "
    "resources=secrets,provider={keyArn=KEY}",
)
eks_cluster_log_enabled = setting(
    id="eks-cluster-log-enabled",
    title="EKS clusters send audit logs to CloudWatch Logs",
    resource_types=[CLUSTER],
    path="configuration.Logging.ClusterLogging.EnabledTypes",
    passes=lambda value, params: all(t in [e.get("Type") for e in as_list(value)] for t in params["logTypes"]),
    failing="control plane logs missing among {value}",
    passing="control plane logs are on",
    absent="fail",  # AWS Config records only the enabled log types
    parameters={"logTypes": Param(list, ["audit"], "Control plane log types that must be enabled")},
    severity="medium",
    rationale="The audit log records every call to the Kubernetes API: who did what to which object.",
    remediation="aws eks update-cluster-config --name C --logging "
    "'{\"clusterLogging\":[{\"types\":[\"audit\"],\"enabled\":true}]}'",
)
