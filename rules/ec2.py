"""EC2 rules: instances (IMDSv2, instance profiles), EBS volumes, snapshots and default encryption."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import as_bool, as_list
from .vpc import OPEN_CIDRS, covers_port  # noqa: F401  (re-exported: remediations import them from here)

INSTANCE = "AWS::EC2::Instance"


@rule(
    id="encrypted-volumes",
    title="Attached EBS volumes are encrypted",
    resource_types=["AWS::EC2::Volume"],
    severity="medium",
    parameters={"kmsId": Param(str, None, "Require this KMS key id or ARN")},
    rationale="Encryption at rest protects data on disks, snapshots and volumes copied from them.",
    remediation="Copy the data to an encrypted volume; enable EBS encryption by default.",
    reads=["configuration.attachments", "configuration.encrypted"],
)
def encrypted_volumes(ci, params):
    """Checks configuration.encrypted for volumes attached to an instance."""
    if not ci.configuration.get("attachments"):
        return not_applicable("the volume is not attached")
    if not ci.configuration.get("encrypted"):
        return non_compliant("the volume is not encrypted")
    key = params["kmsId"]
    if key and key not in str(ci.configuration.get("kmsKeyId") or ""):
        return non_compliant(f"encrypted with {ci.configuration.get('kmsKeyId')}, not {key}")
    return compliant("the volume is encrypted")


@rule(
    id="ec2-ebs-encryption-by-default",
    title="EBS encryption by default is enabled in the region",
    resource_types=["AWS::::Account"],
    scope="region",
    severity="medium",
    trigger="periodic",
    rationale="With encryption by default, no new volume or snapshot copy can be created unencrypted by mistake.",
    remediation="aws ec2 enable-ebs-encryption-by-default --region REGION",
    account_settings=["ebsEncryptionByDefault"],
)
def ec2_ebs_encryption_by_default(account, region):
    """Reads ebsEncryptionByDefault on the region's AWS::::Account item."""
    if account is None or account.awsRegion != region or "ebsEncryptionByDefault" not in account.configuration:
        return insufficient_data("EBS encryption by default was not collected in this region")
    if as_bool(account.configuration["ebsEncryptionByDefault"]):
        return compliant("enabled")
    return non_compliant("EBS encryption by default is off")


@rule(
    id="ec2-imdsv2-check",
    title="EC2 instances require IMDSv2",
    resource_types=[INSTANCE],
    severity="high",
    rationale="IMDSv1 answers plain GETs, which SSRF bugs can forward to steal the instance role's credentials.",
    remediation="aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required",
    reads=["configuration.metadataOptions"],
)
def ec2_imdsv2_check(ci):
    """Reads configuration.metadataOptions.httpTokens."""
    options = ci.configuration.get("metadataOptions")
    if not isinstance(options, dict):
        return insufficient_data("the instance's metadata options were not recorded")
    if str(options.get("httpEndpoint", "enabled")).lower() == "disabled":
        return compliant("the metadata service is disabled")
    if str(options.get("httpTokens", "")).lower() == "required":
        return compliant("IMDSv2 is required")
    return non_compliant(f"httpTokens is {options.get('httpTokens')}")


@rule(
    id="ec2-instance-profile-attached",
    title="EC2 instances have an IAM instance profile",
    resource_types=[INSTANCE],
    severity="medium",
    rationale="An instance role gives short-lived, rotated credentials instead of keys stored on the disk.",
    remediation="aws ec2 associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=PROFILE",
    reads=["configuration.iamInstanceProfile"],
)
def ec2_instance_profile_attached(ci):
    """Reads configuration.iamInstanceProfile."""
    if "iamInstanceProfile" not in ci.configuration and not ci.configuration:
        return insufficient_data("the instance was not recorded")
    if (ci.configuration.get("iamInstanceProfile") or {}).get("arn"):
        return compliant("an instance profile is attached")
    return non_compliant("no instance profile")


@rule(
    id="ebs-snapshot-public-restorable-check",
    title="EBS snapshots are not publicly restorable",
    resource_types=["AWS::EC2::Snapshot"],
    severity="critical",
    trigger="periodic",
    rationale="Anyone can create a volume from a public snapshot and read every byte of it.",
    remediation="aws ec2 modify-snapshot-attribute --snapshot-id ID --attribute createVolumePermission "
    "--operation-type remove --group-names all",
    reads=[
        "configuration.createVolumePermissions",
        "configuration.public",
        "supplementaryConfiguration.CreateVolumePermissions",
    ],
)
def ebs_snapshot_public_restorable_check(ci):
    """Reads configuration.createVolumePermissions (DescribeSnapshotAttribute) or configuration.public."""
    permissions = ci.configuration.get("createVolumePermissions")
    if permissions is None:
        permissions = ci.supplementaryConfiguration.get("CreateVolumePermissions")
    if permissions is None and ci.configuration.get("public") is None:
        return insufficient_data("the snapshot's create-volume permissions were not recorded")
    groups = [str(p.get("group") or p.get("Group") or "") for p in as_list(permissions)]
    if "all" in groups or as_bool(ci.configuration.get("public")):
        return non_compliant("the snapshot is public")
    return compliant("the snapshot is private")
