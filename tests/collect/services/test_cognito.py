import boto3
from collecting import one, run
from moto import mock_aws

from compliance.collect.services.cognito import COLLECTORS, USER_POOL

COGNITO = COLLECTORS[0]


@mock_aws
def test_user_pools_mfa_from_mfa_config_and_advanced_security():
    client = boto3.client("cognito-idp", region_name="us-east-1")
    secure = client.create_user_pool(
        PoolName="customers", UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"}, UserPoolTags={"env": "prod"}
    )["UserPool"]
    client.set_user_pool_mfa_config(
        UserPoolId=secure["Id"], SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    weak = client.create_user_pool(PoolName="legacy")["UserPool"]

    items, errors = run(COGNITO)

    assert errors == []
    pool = one(items, USER_POOL, secure["Id"])
    # the simulator's describe_user_pool still says OFF; the MFA config is authoritative
    assert pool.configuration["MfaConfiguration"] == "ON"
    assert pool.supplementaryConfiguration["MfaConfig"]["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    assert pool.configuration["AdvancedSecurityMode"] == "ENFORCED"
    assert pool.tags == {"env": "prod"} and pool.resourceName == "customers"
    legacy = one(items, USER_POOL, weak["Id"])
    assert (legacy.configuration["MfaConfiguration"], legacy.configuration["AdvancedSecurityMode"]) == ("OFF", "OFF")


@mock_aws
def test_denied_mfa_config_leaves_mfa_unknown():
    pool_id = boto3.client("cognito-idp", region_name="us-east-1").create_user_pool(PoolName="p")["UserPool"]["Id"]
    items, errors = run(COGNITO, deny={"cognito-idp": ["GetUserPoolMfaConfig"]})
    assert "MfaConfiguration" not in one(items, USER_POOL, pool_id).configuration
    assert [(e.api, e.resourceId) for e in errors] == [("GetUserPoolMfaConfig", pool_id)]
