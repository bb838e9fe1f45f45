"""Each built-in remediation on moto: non-compliant before, applied, re-collected by the real
collector and compliant by the real rule after; planning again changes nothing (idempotence)."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws
from remediating import check_calls, fix, scan, states

from compliance.model import ComplianceType

NON, OK, NA = ComplianceType.NON_COMPLIANT, ComplianceType.COMPLIANT, ComplianceType.NOT_APPLICABLE
REGION = "us-east-1"


@pytest.fixture
def aws():
    with mock_aws():
        yield boto3.Session(region_name=REGION)


@pytest.fixture
def registry(plugins):
    return plugins


def roundtrip(registry, tmp_path, services, rule_id, *, params=None, enabled=(), sets=None, regions=(REGION,)):
    """Scan, fix, rescan. Returns (before, run, after) and asserts the fix is verified and idempotent."""
    before = scan(registry, services, [rule_id], params=params, regions=regions)
    failing = {e.resourceId for e in before.evaluations if e.is_failing}
    assert failing, f"{rule_id}: nothing non-compliant before: {states(before, rule_id)}"
    run = fix(registry, before, services, tmp_path / "audit.jsonl", enabled=enabled, sets=sets)
    applied = {a.evaluation.resourceId: a for a in run.actions if a.status == "applied"}
    assert set(applied) == failing, [(a.evaluation.resourceId, a.status, a.reason) for a in run.actions]
    assert {a.verification for a in applied.values()} == {"fixed"}, [a.reason for a in applied.values()]
    for action in applied.values():
        check_calls(action)
    after = scan(registry, services, [rule_id], params=params, regions=regions)
    for resource in failing:
        assert states(after, rule_id)[resource] in (OK, NA), (resource, states(after, rule_id))
    again = fix(registry, after, services, tmp_path / "audit2.jsonl", enabled=enabled, sets=sets)
    assert not [a for a in again.actions if a.status in ("planned", "applied", "failed")]
    return before, run, after


def test_s3_versioning(aws, registry, tmp_path):
    aws.client("s3").create_bucket(Bucket="demo-unversioned")
    _, run, _ = roundtrip(registry, tmp_path, ["s3"], "s3-bucket-versioning-enabled")
    (action,) = [a for a in run.actions if a.status == "applied"]
    assert action.calls[0].cli().startswith("aws s3api put-bucket-versioning --region us-east-1")
    assert aws.client("s3").get_bucket_versioning(Bucket="demo-unversioned")["Status"] == "Enabled"


def test_s3_default_encryption(aws, registry, tmp_path):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="demo-plain")
    s3.delete_bucket_encryption(Bucket="demo-plain")
    roundtrip(registry, tmp_path, ["s3"], "s3-bucket-server-side-encryption-enabled")
    rules = s3.get_bucket_encryption(Bucket="demo-plain")["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_s3_default_encryption_with_kms_when_the_rule_requires_it(aws, registry, tmp_path):
    aws.client("s3").create_bucket(Bucket="demo-sse-s3")  # AES256 by default, as AWS does since 2023
    roundtrip(registry, tmp_path, ["s3"], "s3-default-encryption-kms")
    config = aws.client("s3").get_bucket_encryption(Bucket="demo-sse-s3")["ServerSideEncryptionConfiguration"]
    assert config["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"


def test_s3_bucket_public_access_block(aws, registry, tmp_path):
    aws.client("s3").create_bucket(Bucket="demo-open")
    roundtrip(registry, tmp_path, ["s3"], "s3-bucket-level-public-access-prohibited")
    block = aws.client("s3").get_public_access_block(Bucket="demo-open")["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4


def test_s3_account_public_access_block(aws, registry, tmp_path):
    roundtrip(registry, tmp_path, ["s3-account"], "s3-account-level-public-access-blocks-periodic")
    block = aws.client("s3control").get_public_access_block(AccountId="123456789012")
    assert all(block["PublicAccessBlockConfiguration"].values())


def test_s3_tls_policy_is_merged_not_replaced(aws, registry, tmp_path):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="demo-shared")
    existing = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PartnerRead",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::demo-shared/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket="demo-shared", Policy=json.dumps(existing))
    roundtrip(registry, tmp_path, ["s3"], "s3-bucket-ssl-requests-only")
    policy = json.loads(s3.get_bucket_policy(Bucket="demo-shared")["Policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["PartnerRead"] == existing["Statement"][0]
    assert by_sid["DenyInsecureTransport"]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_s3_tls_policy_on_a_bucket_without_policy(aws, registry, tmp_path):
    aws.client("s3").create_bucket(Bucket="demo-nopolicy")
    roundtrip(registry, tmp_path, ["s3"], "s3-bucket-ssl-requests-only")
    policy = json.loads(aws.client("s3").get_bucket_policy(Bucket="demo-nopolicy")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["DenyInsecureTransport"]


def _sg(ec2, name):
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    return ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]


def test_revoke_only_the_offending_ssh_permissions(aws, registry, tmp_path):
    ec2 = aws.client("ec2")
    group = _sg(ec2, "demo-admin")
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "10.0.0.0/8"}],
                "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
            },
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        ],
    )
    before, _, after = roundtrip(registry, tmp_path, ["ec2"], "restricted-ssh")
    permissions = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    kept = {(p["FromPort"], r["CidrIp"]) for p in permissions for r in p.get("IpRanges", [])}
    assert kept == {(22, "10.0.0.0/8"), (443, "0.0.0.0/0")}
    assert not [r for p in permissions for r in p.get("Ipv6Ranges", [])]


def test_close_default_security_group(aws, registry, tmp_path):
    roundtrip(registry, tmp_path, ["ec2"], "vpc-default-security-group-closed")
    group = aws.client("ec2").describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])
    (default,) = group["SecurityGroups"]
    assert default["IpPermissions"] == [] and default["IpPermissionsEgress"] == []


def test_nacl_denies_admin_ports_ahead_of_the_allow_all_entry(aws, registry, tmp_path):
    ec2 = aws.client("ec2")
    roundtrip(registry, tmp_path, ["ec2-vpc"], "nacl-no-unrestricted-ssh-rdp")
    (acl,) = ec2.describe_network_acls()["NetworkAcls"]
    entries = {(e["RuleNumber"], e["Egress"]): e for e in acl["Entries"]}
    assert entries[(100, False)]["RuleAction"] == "allow"  # the existing entries are kept
    denies = sorted(
        (e["RuleNumber"], e["PortRange"]["From"], e["CidrBlock"])
        for e in acl["Entries"]
        if e["RuleAction"] == "deny" and e["RuleNumber"] < 100
    )
    # the simulator's default NACL is IPv4-only: one DENY per admin port, in the free numbers from 1
    assert denies == [(1, 22, "0.0.0.0/0"), (2, 3389, "0.0.0.0/0")]


def test_ebs_encryption_by_default(aws, registry, tmp_path):
    roundtrip(registry, tmp_path, ["ec2"], "ec2-ebs-encryption-by-default")
    assert aws.client("ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True


def test_require_imdsv2(aws, registry, tmp_path):
    ec2 = aws.client("ec2")
    (instance,) = ec2.run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        MetadataOptions={"HttpTokens": "optional", "HttpPutResponseHopLimit": 2},
    )["Instances"]
    roundtrip(registry, tmp_path, ["ec2"], "ec2-imdsv2-check")
    options = ec2.describe_instances(InstanceIds=[instance["InstanceId"]])["Reservations"][0]["Instances"][0]
    assert options["MetadataOptions"]["HttpTokens"] == "required"
    assert options["MetadataOptions"]["HttpPutResponseHopLimit"] == 2  # left as it was


def test_kms_key_rotation(aws, registry, tmp_path):
    key = aws.client("kms").create_key(Description="demo")["KeyMetadata"]["KeyId"]
    roundtrip(registry, tmp_path, ["kms"], "cmk-backing-key-rotation-enabled")
    assert aws.client("kms").get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is True


def test_password_policy_is_raised_never_lowered(aws, registry, tmp_path):
    iam = aws.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=20, RequireSymbols=True, MaxPasswordAge=30)
    roundtrip(registry, tmp_path, ["iam"], "iam-password-policy")
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 20  # stronger than the default 14: kept
    assert policy["MaxPasswordAge"] == 30  # shorter than 90: kept
    assert policy["PasswordReusePrevention"] == 24 and policy["RequireNumbers"] is True


def test_deactivate_unused_access_keys(aws, registry, tmp_path):
    iam = aws.client("iam")
    iam.create_user(UserName="idle")
    key = iam.create_access_key(UserName="idle")["AccessKey"]["AccessKeyId"]
    params = {"iam-user-unused-credentials-check": {"maxCredentialUsageAge": 0}}  # every key is "old"
    roundtrip(registry, tmp_path, ["iam"], "iam-user-unused-credentials-check", params=params)
    (meta,) = iam.list_access_keys(UserName="idle")["AccessKeyMetadata"]
    assert (meta["AccessKeyId"], meta["Status"]) == (key, "Inactive")


def test_console_password_without_mfa_is_opt_in(aws, registry, tmp_path):
    iam = aws.client("iam")
    iam.create_user(UserName="console-no-mfa")
    iam.create_login_profile(UserName="console-no-mfa", Password="Xy1!long-enough-password")
    before = scan(registry, ["iam"], ["mfa-enabled-for-iam-console-access"])
    run = fix(registry, before, ["iam"], tmp_path / "a.jsonl")
    (action,) = [a for a in run.actions if a.evaluation.resourceId.startswith("AIDA") or a.remediation]
    assert action.status == "skipped" and "--enable iam-delete-console-password-without-mfa" in action.reason
    iam.get_login_profile(UserName="console-no-mfa")  # still there
    roundtrip(
        registry,
        tmp_path,
        ["iam"],
        "mfa-enabled-for-iam-console-access",
        enabled=("iam-delete-console-password-without-mfa",),
    )
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_login_profile(UserName="console-no-mfa")


def _trail(aws, name, multi_region=False):
    aws.client("s3").create_bucket(Bucket=f"{name}-logs")
    aws.client("cloudtrail").create_trail(Name=name, S3BucketName=f"{name}-logs", IsMultiRegionTrail=multi_region)


def test_cloudtrail_log_file_validation(aws, registry, tmp_path):
    _trail(aws, "demo-trail")
    roundtrip(registry, tmp_path, ["cloudtrail"], "cloud-trail-log-file-validation-enabled")
    (trail,) = aws.client("cloudtrail").describe_trails()["trailList"]
    assert trail["LogFileValidationEnabled"] is True


def test_cloudtrail_kms_encryption_with_a_given_key(aws, registry, tmp_path):
    _trail(aws, "demo-plain-trail")
    key = aws.client("kms").create_key(Description="trail key")["KeyMetadata"]["Arn"]
    sets = {"cloudtrail-enable-kms-encryption": {"kmsKeyId": key}}
    roundtrip(registry, tmp_path, ["cloudtrail"], "cloud-trail-encryption-enabled", sets=sets)
    (trail,) = aws.client("cloudtrail").describe_trails()["trailList"]
    assert trail["KmsKeyId"] == key


def test_cloudtrail_multi_region(aws, registry, tmp_path):
    _trail(aws, "regional-trail")
    # s3-account contributes the account item the account-wide rule reports on
    _, run, _ = roundtrip(registry, tmp_path, ["cloudtrail", "s3-account"], "multi-region-cloudtrail-enabled")
    (action,) = [a for a in run.actions if a.status == "applied"]
    assert [c.operation for c in action.calls] == ["update_trail", "start_logging"]
    (trail,) = aws.client("cloudtrail").describe_trails()["trailList"]
    assert trail["IsMultiRegionTrail"] is True
    assert aws.client("cloudtrail").get_trail_status(Name="regional-trail")["IsLogging"] is True


def test_vpc_flow_logs_to_a_bucket(aws, registry, tmp_path):
    aws.client("s3").create_bucket(Bucket="demo-flow-logs")
    sets = {"ec2-enable-vpc-flow-logs": {"s3BucketArn": "arn:aws:s3:::demo-flow-logs"}}
    roundtrip(registry, tmp_path, ["ec2-vpc"], "vpc-flow-logs-enabled", sets=sets)
    (flow_log,) = aws.client("ec2").describe_flow_logs()["FlowLogs"]
    assert flow_log["LogDestination"] == "arn:aws:s3:::demo-flow-logs"


def test_vpc_flow_logs_without_destination_is_skipped_with_reason(aws, registry, tmp_path):
    before = scan(registry, ["ec2-vpc"], ["vpc-flow-logs-enabled"])
    run = fix(registry, before, ["ec2-vpc"], tmp_path / "a.jsonl")
    (action,) = run.actions
    assert action.status == "skipped" and "s3BucketArn" in action.reason
    assert aws.client("ec2").describe_flow_logs()["FlowLogs"] == []


def test_rds_public_access_off(aws, registry, tmp_path):
    aws.client("rds").create_db_instance(
        DBInstanceIdentifier="demo-db",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="password123",
        AllocatedStorage=20,
        PubliclyAccessible=True,
    )
    roundtrip(registry, tmp_path, ["rds"], "rds-instance-public-access-check")
    (db,) = aws.client("rds").describe_db_instances()["DBInstances"]
    assert db["PubliclyAccessible"] is False


def test_guardduty_detector(aws, registry, tmp_path):
    roundtrip(registry, tmp_path, ["guardduty"], "guardduty-enabled-centralized")
    assert len(aws.client("guardduty").list_detectors()["DetectorIds"]) == 1


def test_security_hub(aws, registry, tmp_path):
    roundtrip(registry, tmp_path, ["securityhub"], "securityhub-enabled")
    assert aws.client("securityhub").describe_hub()["HubArn"]
