"""The main rules on resources created in a simulated account (moto) and read by the real collectors,
through the ``simulated_account`` fixture that compliance.testing gives rule authors."""

from __future__ import annotations

import json

from compliance.testing import evaluate_rule, states_by_resource

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROOT_REORDERED = (
    '{ ($.eventType != "AwsServiceEvent") && ($.userIdentity.invokedBy NOT EXISTS) && ($.userIdentity.type = Root) }'
)


def states(rule_id, snapshot, **params):
    return states_by_resource(evaluate_rule(rule_id, snapshot, params or None))


def test_s3_rules_on_collected_buckets(simulated_account):
    s3 = simulated_account.session.client("s3", region_name=REGION)
    for name in ("locked-down", "wide-open"):
        s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket="locked-down", VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(
        Bucket="locked-down",
        PublicAccessBlockConfiguration=dict.fromkeys(
            ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
        ),
    )
    deny_http = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                       "Resource": ["arn:aws:s3:::locked-down", "arn:aws:s3:::locked-down/*"],
                       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}],
    }  # fmt: skip
    s3.put_bucket_policy(Bucket="locked-down", Policy=json.dumps(deny_http))
    public_read = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": "arn:aws:s3:::wide-open/*"}],
    }  # fmt: skip
    s3.put_bucket_policy(Bucket="wide-open", Policy=json.dumps(public_read))
    snapshot = simulated_account.collect(services=["s3", "s3-account"])

    assert states("s3-bucket-versioning-enabled", snapshot) == {
        "locked-down": "COMPLIANT",
        "wide-open": "NON_COMPLIANT",
    }
    assert states("s3-bucket-ssl-requests-only", snapshot) == {"locked-down": "COMPLIANT", "wide-open": "NON_COMPLIANT"}
    assert states("s3-bucket-level-public-access-prohibited", snapshot) == {
        "locked-down": "COMPLIANT",
        "wide-open": "NON_COMPLIANT",
    }
    assert states("s3-bucket-public-read-prohibited", snapshot) == {
        "locked-down": "COMPLIANT",
        "wide-open": "NON_COMPLIANT",
    }
    assert states("s3-account-level-public-access-blocks-periodic", snapshot) == {ACCOUNT: "NON_COMPLIANT"}


def test_iam_rules_on_collected_account(simulated_account):
    iam = simulated_account.session.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireSymbols=True)
    iam.create_user(UserName="console-user")
    iam.create_login_profile(UserName="console-user", Password="Initial-Passw0rd!")
    iam.create_user(UserName="robot")
    iam.put_user_policy(
        UserName="robot",
        PolicyName="inline",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
        ),
    )
    admin = iam.create_policy(
        PolicyName="too-broad",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )
    snapshot = simulated_account.collect(services=["iam"])

    assert states("iam-password-policy", snapshot) == {ACCOUNT: "NON_COMPLIANT"}
    users = {i.resourceName: i.resourceId for i in snapshot if i.resourceType == "AWS::IAM::User"}
    mfa = states("mfa-enabled-for-iam-console-access", snapshot)
    assert mfa[users["console-user"]] == "NON_COMPLIANT" and mfa[users["robot"]] == "NOT_APPLICABLE"
    no_policies = states("iam-user-no-policies-check", snapshot)
    assert no_policies[users["robot"]] == "NON_COMPLIANT" and no_policies[users["console-user"]] == "COMPLIANT"
    assert states("iam-inline-policy-blocked-kms-actions", snapshot)[users["robot"]] == "NON_COMPLIANT"
    policy = next(i for i in snapshot if i.resourceType == "AWS::IAM::Policy" and i.resourceName == "too-broad")
    assert admin["Policy"]["Arn"] in (policy.resourceId, policy.arn)
    assert states("iam-policy-no-statements-with-admin-access", snapshot)[policy.resourceId] == "NON_COMPLIANT"

    iam.update_account_password_policy(
        MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True, PasswordReusePrevention=24, MaxPasswordAge=90,
    )  # fmt: skip
    assert states("iam-password-policy", simulated_account.collect(services=["iam"])) == {ACCOUNT: "COMPLIANT"}


def test_ec2_and_vpc_rules_on_collected_resources(simulated_account):
    ec2 = simulated_account.session.client("ec2", region_name=REGION)
    vpc_id = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    open_sg = ec2.create_security_group(GroupName="bastion", Description="ssh", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=open_sg,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    ec2.enable_ebs_encryption_by_default()
    image = ec2.register_image(Name="ami", RootDeviceName="/dev/xvda")["ImageId"]
    strict = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, MetadataOptions={"HttpTokens": "required"})
    loose = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)
    snapshot = simulated_account.collect(services=["ec2", "ec2-vpc"])

    sg_states = states("vpc-sg-port-restriction-check", snapshot)
    assert sg_states[open_sg] == "NON_COMPLIANT"
    assert [s for g, s in sg_states.items() if g != open_sg] and all(
        s == "COMPLIANT" for g, s in sg_states.items() if g != open_sg
    )
    default_groups = states("vpc-default-security-group-closed", snapshot)
    assert default_groups[open_sg] == "NOT_APPLICABLE"
    assert "NON_COMPLIANT" in default_groups.values()  # the simulator's default group allows all egress
    assert states("ec2-ebs-encryption-by-default", snapshot)[f"{ACCOUNT}@{REGION}"] == "COMPLIANT"
    imds = states("ec2-imdsv2-check", snapshot)
    assert imds[strict["Instances"][0]["InstanceId"]] == "COMPLIANT"
    assert imds[loose["Instances"][0]["InstanceId"]] == "NON_COMPLIANT"
    assert states("vpc-flow-logs-enabled", snapshot)[vpc_id] == "NON_COMPLIANT"


def _monitored_trail(session):
    s3 = session.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="trail-logs")
    logs = session.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="trail")
    group_arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:trail:*"
    trails = session.client("cloudtrail", region_name=REGION)
    trails.create_trail(
        Name="main", S3BucketName="trail-logs", IsMultiRegionTrail=True, EnableLogFileValidation=True,
        CloudWatchLogsLogGroupArn=group_arn, CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT}:role/trail",
    )  # fmt: skip
    trails.start_logging(Name="main")
    logs.put_metric_filter(
        logGroupName="trail", filterName="root", filterPattern=ROOT_REORDERED,
        metricTransformations=[{"metricName": "RootUsage", "metricNamespace": "CIS", "metricValue": "1"}],
    )  # fmt: skip
    sns = session.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="alarms")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="security@example.com")
    session.client("cloudwatch", region_name=REGION).put_metric_alarm(
        AlarmName="root-usage", MetricName="RootUsage", Namespace="CIS", Statistic="Sum", Period=300,
        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic],
    )  # fmt: skip


def test_cloudtrail_and_cis_monitoring_chain_on_collected_resources(simulated_account):
    _monitored_trail(simulated_account.session)
    services = ["cloudtrail", "logs", "cloudwatch", "sns", "s3"]
    snapshot = simulated_account.collect(services=services)

    assert states("multi-region-cloudtrail-enabled", snapshot, readWriteType="ALL") == {ACCOUNT: "COMPLIANT"}
    assert states("cloud-trail-log-file-validation-enabled", snapshot) == {"main": "COMPLIANT"}
    assert states("cloud-trail-encryption-enabled", snapshot) == {"main": "NON_COMPLIANT"}
    assert states("cloudtrail-s3-bucket-access-logging", snapshot) == {"main": "NON_COMPLIANT"}
    assert states("log-metric-filter-alarm-root-usage", snapshot) == {ACCOUNT: "COMPLIANT"}
    assert states("log-metric-filter-alarm-cloudtrail-changes", snapshot) == {ACCOUNT: "NON_COMPLIANT"}

    simulated_account.session.client("cloudwatch", region_name=REGION).delete_alarms(AlarmNames=["root-usage"])
    after = simulated_account.collect(services=services)
    [evaluation] = evaluate_rule("log-metric-filter-alarm-root-usage", after)
    assert evaluation.complianceType.value == "NON_COMPLIANT" and "no enabled alarm" in evaluation.annotation


def test_kms_and_rds_rules_on_collected_resources(simulated_account):
    kms = simulated_account.session.client("kms", region_name=REGION)
    rotated = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=rotated)
    static = kms.create_key()["KeyMetadata"]["KeyId"]
    rds = simulated_account.session.client("rds", region_name=REGION)
    rds.create_db_instance(
        DBInstanceIdentifier="open-db", DBInstanceClass="db.t3.micro", Engine="postgres", MasterUsername="admin",
        MasterUserPassword="Passw0rd-example", AllocatedStorage=20, PubliclyAccessible=True, StorageEncrypted=False,
    )  # fmt: skip
    snapshot = simulated_account.collect(services=["kms", "rds"])

    keys = {e.resourceId: e.complianceType.value for e in evaluate_rule("cmk-backing-key-rotation-enabled", snapshot)}
    assert keys == {rotated: "COMPLIANT", static: "NON_COMPLIANT"}
    assert list(states("rds-instance-public-access-check", snapshot).values()) == ["NON_COMPLIANT"]
    assert list(states("rds-storage-encrypted", snapshot).values()) == ["NON_COMPLIANT"]
