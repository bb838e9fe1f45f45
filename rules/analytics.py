"""Rules for Athena, Glue and EMR: workgroup logging, ML transform encryption, Glue versions, EMR public IPs,
block public access and security configurations."""

from __future__ import annotations

import json

from compliance.rule import compliant, insufficient_data, non_compliant

from ._checks import account_setting, declare, is_in, setting
from ._util import as_bool

athena_workgroup_logging_enabled = setting(
    id="athena-workgroup-logging-enabled",
    title="Athena workgroups publish their metrics to CloudWatch",
    resource_types=["AWS::Athena::WorkGroup"],
    path="configuration.WorkGroupConfiguration.PublishCloudWatchMetricsEnabled",
    what="CloudWatch metrics publishing",
    severity="medium",
    rationale="Query metrics show who runs what and how much, and feed alarms on unusual use.",
    remediation="aws athena update-work-group --work-group W --configuration-updates "
    "PublishCloudWatchMetricsEnabled=true",
)
glue_ml_transform_encrypted_at_rest = setting(
    id="glue-ml-transform-encrypted-at-rest",
    title="Glue machine learning transforms are encrypted at rest",
    resource_types=["AWS::Glue::MLTransform"],
    path="configuration.TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode",
    passes=is_in("SSE-KMS"),
    failing="ML user data encryption is {value}",
    passing="encrypted with KMS",
    absent="fail",  # AWS Config leaves TransformEncryption out when encryption is off
    severity="medium",
    rationale="Transforms hold labels and training data taken from your tables.",
    remediation="aws glue update-ml-transform --transform-id T (TransformEncryption MLUserDataEncryptionMode=SSE-KMS)",
)


def _version(value):
    return tuple(int(p) for p in str(value).split(".") if p.isdigit())


glue_spark_job_supported_version = setting(
    id="glue-spark-job-supported-version",
    title="Glue Spark jobs run on a supported Glue version",
    resource_types=["AWS::Glue::Job"],
    path="configuration.GlueVersion",
    passes=lambda value, params: _version(value) >= (3, 0),
    failing="Glue version {value} is out of support",
    passing="on a supported Glue version",
    applies=lambda ci: None if ci.get("configuration.Command.Name") in (None, "glueetl", "gluestreaming")
    else "not a Spark job",
    reads=["configuration.Command.Name"],
    severity="medium",
    rationale="Unsupported Glue versions run old Spark and Python runtimes without security fixes.",
    remediation="aws glue update-job --job-name J --job-update GlueVersion=5.0,... (test the job on it first)",
)
emr_master_no_public_ip = setting(
    id="emr-master-no-public-ip",
    title="EMR cluster primary nodes have no public IP address",
    resource_types=["AWS::EMR::Cluster"],
    path="configuration.MasterPublicDnsName",
    passes=lambda value, params: not str(value).endswith(".amazonaws.com"),  # private: ip-….ec2.internal
    failing="the primary node has a public address ({value})",
    passing="the primary node has no public address",
    severity="high",
    trigger="periodic",
    rationale="A public primary node exposes the cluster's web interfaces and SSH to the internet.",
    remediation="Launch clusters in private subnets (EMR then assigns no public IP); terminate the public one.",
    applies=lambda ci: "the cluster is terminated" if str(ci.get("configuration.Status.State", "")).startswith(
        "TERMINATED") else None,  # fmt: skip
    reads=["configuration.Status.State"],
)


def _emr_block_public_access(value):
    value = value or {}
    if not as_bool(value.get("BlockPublicSecurityGroupRules")):
        return non_compliant("block public access is off")
    extra = [r for r in value.get("PermittedPublicSecurityGroupRuleRanges") or []
             if (r.get("MinRange"), r.get("MaxRange", r.get("MinRange"))) != (22, 22)]  # fmt: skip
    if extra:
        return non_compliant("public access is permitted on ports other than 22")
    return compliant("block public access is on")


emr_block_public_access = account_setting(
    id="emr-block-public-access",
    title="EMR block public access is on",
    key="emrBlockPublicAccess",
    label="EMR block public access",
    judge=_emr_block_public_access,
    severity="critical",
    rationale="Block public access stops clusters from starting with security groups open to the internet.",
    remediation="aws emr put-block-public-access-configuration --block-public-access-configuration "
    "BlockPublicSecurityGroupRules=true,PermittedPublicSecurityGroupRuleRanges=[{MinRange=22,MaxRange=22}]",
)


def _security_configuration(id, title, key, what, remediation):
    def check(ci):
        raw = ci.configuration.get("SecurityConfiguration")
        if raw is None:
            return insufficient_data("the security configuration was not recorded")
        try:
            document = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError:
            return insufficient_data("the security configuration could not be read")
        enabled = as_bool((document.get("EncryptionConfiguration") or {}).get(key))
        return compliant(f"{what} is on") if enabled else non_compliant(f"{what} is off")

    check.__doc__ = f"Reads EncryptionConfiguration.{key} of configuration.SecurityConfiguration (JSON)."
    return declare(id=id, title=title, resource_types=["AWS::EMR::SecurityConfiguration"],
                   reads=["configuration.SecurityConfiguration"], severity="medium",
                   rationale=f"Without {what}, cluster data is exposed on disk or on the network.",
                   remediation=remediation)(check)  # fmt: skip


emr_security_configuration_encryption_rest = _security_configuration(
    "emr-security-configuration-encryption-rest", "EMR security configurations encrypt data at rest",
    "EnableAtRestEncryption", "encryption at rest",
    "Create a security configuration with EnableAtRestEncryption=true and use it for new clusters.",
)
emr_security_configuration_encryption_transit = _security_configuration(
    "emr-security-configuration-encryption-transit", "EMR security configurations encrypt data in transit",
    "EnableInTransitEncryption", "encryption in transit",
    "Create a security configuration with EnableInTransitEncryption=true and use it for new clusters.",
)
