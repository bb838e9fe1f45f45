"""IAM collector on moto: users with credentials from the credential report, groups, roles,
customer-managed policies, and the account settings it contributes."""

from __future__ import annotations

import json

import boto3
import pytest
from collecting import by_type, context, one
from moto import mock_aws

from compliance.collect.services.iam import COLLECTORS, GROUP, POLICY, ROLE, USER

IAM = COLLECTORS[0]
DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def _seed() -> None:
    iam = boto3.client("iam")
    iam.create_group(GroupName="admins")
    policy_arn = iam.create_policy(PolicyName="read-objects", PolicyDocument=json.dumps(DOC))["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="admins", PolicyArn=policy_arn)
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "ops"}])
    iam.create_login_profile(UserName="alice", Password="Sup3r-secret-pw!")
    iam.add_user_to_group(UserName="alice", GroupName="admins")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(
        UserName="alice", SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321"
    )
    iam.create_user(UserName="bob")
    iam.create_login_profile(UserName="bob", Password="An0ther-secret-pw!")
    iam.create_access_key(UserName="bob")
    iam.put_user_policy(UserName="bob", PolicyName="inline", PolicyDocument=json.dumps(DOC))
    iam.attach_user_policy(UserName="bob", PolicyArn=policy_arn)
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.attach_role_policy(RoleName="app", PolicyArn=policy_arn)


@mock_aws
def test_iam_items_and_account_settings():
    _seed()
    boto3.client("iam").update_account_password_policy(MinimumPasswordLength=14, RequireSymbols=True)
    ctx = context()
    items = list(IAM.collect(ctx))
    assert ctx.errors == []

    users = {u.resourceName: u for u in by_type(items, USER)}
    assert set(users) == {"alice", "bob"}
    alice, bob = users["alice"], users["bob"]
    assert alice.awsRegion == "global" and alice.resourceId == alice.configuration["userId"]
    assert alice.configuration["groupList"] == ["admins"]
    assert alice.tags == {"team": "ops"}
    assert alice.supplementaryConfiguration["LoginProfile"]["mfaActive"] == "true"
    assert alice.supplementaryConfiguration["VirtualMfaDevices"][0]["serialNumber"].endswith("mfa/alice")
    assert alice.supplementaryConfiguration["AccessKeys"] == []
    assert any(r.resourceType == GROUP and r.resourceName == "admins" for r in alice.relationships)
    assert bob.supplementaryConfiguration["LoginProfile"]["mfaActive"] == "false"
    assert [k["status"] for k in bob.supplementaryConfiguration["AccessKeys"]] == ["Active"]
    assert bob.configuration["userPolicyList"][0]["policyName"] == "inline"
    assert bob.configuration["userPolicyList"][0]["policyDocument"]["Statement"][0]["Action"] == "s3:GetObject"
    assert bob.configuration["attachedManagedPolicies"][0]["policyName"] == "read-objects"
    assert any(r.resourceType == POLICY for r in bob.relationships)

    group = by_type(items, GROUP)[0]
    assert group.configuration["attachedManagedPolicies"][0]["policyName"] == "read-objects"
    role = one(items, ROLE, by_type(items, ROLE)[0].resourceId)
    assert role.configuration["assumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"] == "ec2.amazonaws.com"
    policy = by_type(items, POLICY)[0]
    default = [v for v in policy.configuration["policyVersionList"] if v["isDefaultVersion"]]
    assert default[0]["document"]["Statement"][0]["Action"] == "s3:GetObject"
    assert policy.configuration["attachmentCount"] == 3

    settings = ctx.account_settings["global"]
    assert settings["passwordPolicy"]["minimumPasswordLength"] == 14
    assert settings["passwordPolicy"]["requireSymbols"] is True
    assert "AccountMFAEnabled" in settings["accountSummary"]
    report_users = {row["user"] for row in settings["credentialReport"]}
    assert {"alice", "bob"} <= report_users
    assert settings["virtualMfaDevices"][0]["userName"] == "alice"


@mock_aws
def test_no_password_policy_is_null_not_absent():
    ctx = context()
    list(IAM.collect(ctx))
    assert ctx.account_settings["global"]["passwordPolicy"] is None
    assert ctx.errors == []


@mock_aws
def test_requests_do_not_grow_with_users():
    iam = boto3.client("iam")
    for n in range(30):
        iam.create_user(UserName=f"user{n}")
        iam.create_access_key(UserName=f"user{n}")
    from compliance.collect.session import AwsSession

    session = AwsSession()
    ctx = context()
    ctx.client_factory = session.client
    items = list(IAM.collect(ctx))
    assert len(by_type(items, USER)) == 30
    assert session.recorder.total_calls <= 8


@pytest.mark.parametrize("api", ["GetAccountAuthorizationDetails", "GetCredentialReport", "GetAccountPasswordPolicy"])
@mock_aws
def test_denied_call_is_recorded_and_key_left_out(api):
    _seed()
    client = boto3.client("iam")
    from botocore.exceptions import ClientError

    def deny(model, **_):
        if model.name == api:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "denied"}}, model.name)

    client.meta.events.register("before-call.iam.*", lambda model, **kw: deny(model))
    ctx = context(clients={"iam": client})
    items = list(IAM.collect(ctx))
    assert [(e.api, e.errorCode) for e in ctx.errors] == [(api, "AccessDenied")]
    settings = ctx.account_settings.get("global", {})
    if api == "GetAccountAuthorizationDetails":
        assert not by_type(items, USER) and set(ctx.errors[0].resourceTypes) == {USER, GROUP, ROLE, POLICY}
    elif api == "GetCredentialReport":
        assert "credentialReport" not in settings
        assert "LoginProfile" not in by_type(items, USER)[0].supplementaryConfiguration
    else:
        assert "passwordPolicy" not in settings and ctx.errors[0].resourceTypes == ["AWS::::Account"]


def test_credential_report_root_row_and_polling(monkeypatch):
    """The simulator has no root row and answers at once; AWS has both a root row and a delay."""
    from datetime import datetime

    from botocore.stub import Stubber

    from compliance.collect.services import iam as iam_module

    monkeypatch.setattr(iam_module, "REPORT_POLL_SECONDS", (0, 0))
    client = boto3.client("iam", region_name="us-east-1")
    stubber = Stubber(client)
    csv_text = (
        "user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active\n"
        "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,true,false\n"
        "carol,arn:aws:iam::123456789012:user/carol,2021-01-01T00:00:00+00:00,true,false,true\n"
    )
    stubber.add_response("generate_credential_report", {"State": "STARTED"})
    stubber.add_client_error("get_credential_report", "ReportInProgress", "not ready", 410)
    stubber.add_response(
        "get_credential_report",
        {"Content": csv_text.encode(), "ReportFormat": "text/csv", "GeneratedTime": datetime(2026, 1, 1)},
    )
    ctx = context(clients={"iam": client})
    with stubber:
        rows = iam_module._credential_report(ctx, client)
    stubber.assert_no_pending_responses()
    assert ctx.errors == []
    assert [r["user"] for r in rows] == ["<root_account>", "carol"]
    assert rows[0]["mfa_active"] == "true" and rows[1]["access_key_1_active"] == "true"
    assert ctx.account_settings["global"]["credentialReport"] == rows
