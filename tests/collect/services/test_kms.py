from collecting import by_type, one, run
from moto import mock_aws

from compliance.collect.services.kms import COLLECTORS, KEY

KMS = COLLECTORS[0]


@mock_aws
def test_customer_keys_with_rotation_policy_and_aliases_aws_managed_left_out():
    import boto3

    kms = boto3.client("kms", region_name="us-east-1")
    rotated = kms.create_key(Description="rotated", Tags=[{"TagKey": "env", "TagValue": "prod"}])["KeyMetadata"]
    kms.enable_key_rotation(KeyId=rotated["KeyId"])
    kms.create_alias(AliasName="alias/app", TargetKeyId=rotated["KeyId"])
    plain = kms.create_key(Description="not rotated")["KeyMetadata"]
    asym = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    aws_managed = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]  # moto calls it CUSTOMER

    items, errors = run(KMS)

    assert errors == []
    ids = {i.resourceId for i in by_type(items, KEY)}
    assert ids == {rotated["KeyId"], plain["KeyId"], asym["KeyId"]}
    assert aws_managed["KeyId"] not in ids
    good = one(items, KEY, rotated["KeyId"])
    assert good.supplementaryConfiguration["KeyRotationStatus"] is True
    assert good.supplementaryConfiguration["Aliases"] == ["alias/app"]
    assert good.supplementaryConfiguration["KeyPolicy"]["Statement"]
    assert good.configuration["keyManager"] == "CUSTOMER"
    assert good.configuration["keySpec"] == "SYMMETRIC_DEFAULT"
    assert good.configuration["awsaccountId"] == "123456789012"
    assert good.tags == {"env": "prod"}
    assert good.arn == rotated["Arn"]
    assert one(items, KEY, plain["KeyId"]).supplementaryConfiguration["KeyRotationStatus"] is False
    # rotation does not apply to asymmetric keys: no status rather than a false "disabled"
    assert "KeyRotationStatus" not in one(items, KEY, asym["KeyId"]).supplementaryConfiguration


@mock_aws
def test_denied_rotation_status_is_recorded_per_key_not_reported_as_disabled():
    import boto3

    kms = boto3.client("kms", region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]

    items, errors = run(KMS, deny={"kms": ["GetKeyRotationStatus"]})

    item = one(items, KEY, key["KeyId"])
    assert "KeyRotationStatus" not in item.supplementaryConfiguration
    assert [(e.api, e.errorCode, e.resourceId, e.resourceTypes) for e in errors] == [
        ("GetKeyRotationStatus", "AccessDeniedException", key["KeyId"], [KEY])
    ]


@mock_aws
def test_denied_list_keys_yields_nothing_and_records_the_type():
    items, errors = run(KMS, deny={"kms": ["ListKeys"]})
    assert items == []
    assert errors[0].api == "ListKeys" and errors[0].resourceTypes == [KEY] and errors[0].region == "us-east-1"
