"""Demo IAM: a weak password policy; an admin with MFA, a console user without MFA, a CI user
with an access key and an inline policy; a group and a role with a customer-managed policy that
grants everything (non-compliant), another scoped one (compliant)."""

from __future__ import annotations

import json
from typing import Any

CONSOLE_PASSWORDS = ("Demo-Adm1n-Passw0rd!", "Demo-Dev-Passw0rd-no-mfa!")
SECRETS = CONSOLE_PASSWORDS


def _document(action: str, resource: str = "*") -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
    )


def seed(session: Any, regions: list[str]) -> None:
    iam = session.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True, AllowUsersToChangePassword=True)
    admin_policy = iam.create_policy(PolicyName="demo-full-admin", PolicyDocument=_document("*"))["Policy"]["Arn"]
    read_policy = iam.create_policy(
        PolicyName="demo-read-reports", PolicyDocument=_document("s3:GetObject", "arn:aws:s3:::demo-reports/*")
    )["Policy"]["Arn"]
    iam.create_group(GroupName="platform-admins")
    iam.attach_group_policy(GroupName="platform-admins", PolicyArn=admin_policy)

    iam.create_user(UserName="alice-admin", Tags=[{"Key": "team", "Value": "platform"}])
    iam.create_login_profile(UserName="alice-admin", Password=CONSOLE_PASSWORDS[0])
    iam.add_user_to_group(UserName="alice-admin", GroupName="platform-admins")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-admin")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(
        UserName="alice-admin", SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="234567"
    )

    iam.create_user(UserName="bob-developer")
    iam.create_login_profile(UserName="bob-developer", Password=CONSOLE_PASSWORDS[1])
    iam.attach_user_policy(UserName="bob-developer", PolicyArn=admin_policy)

    iam.create_user(UserName="ci-deploy")
    iam.create_access_key(UserName="ci-deploy")
    iam.put_user_policy(UserName="ci-deploy", PolicyName="deploy-artifacts", PolicyDocument=_document("s3:PutObject"))

    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    iam.create_role(RoleName="demo-app-server", AssumeRolePolicyDocument=json.dumps(trust))
    iam.attach_role_policy(RoleName="demo-app-server", PolicyArn=read_policy)
    iam.create_instance_profile(InstanceProfileName="demo-app-server")
    iam.add_role_to_instance_profile(InstanceProfileName="demo-app-server", RoleName="demo-app-server")
