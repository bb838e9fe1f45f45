"""Session and runner: regions, shared clients, role assumption, escaped exceptions as
collection errors, account-setting merge, collector selection and discovery."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from compliance.collect.base import Collector
from compliance.collect.runner import run_collectors, select_collectors
from compliance.collect.session import AwsSession
from compliance.errors import InputError
from compliance.model import ACCOUNT_RESOURCE_TYPE

SG = "AWS::EC2::SecurityGroup"


def _regional(ctx):
    ec2 = ctx.client("ec2")
    ctx.account_setting("ebsEncryptionByDefault", False, regional=True)
    for group in ec2.describe_security_groups()["SecurityGroups"]:
        yield ctx.item(SG, group["GroupId"], {"groupId": group["GroupId"]})


def _global(ctx):
    ctx.account_setting("passwordPolicy", None)
    yield from ()


def _broken(ctx):
    ctx.client("ec2").describe_vpcs()
    raise RuntimeError("collector bug")
    yield  # pragma: no cover


REGIONAL = Collector("fake-ec2", (SG, ACCOUNT_RESOURCE_TYPE), ("ec2:DescribeSecurityGroups",), _regional)
GLOBAL = Collector("fake-iam", (ACCOUNT_RESOURCE_TYPE,), (), _global, is_global=True)
BROKEN = Collector("broken", ("AWS::EC2::VPC",), ("ec2:DescribeVpcs",), _broken)


@mock_aws
def test_units_per_region_global_once_and_account_items_merged():
    session = AwsSession()
    snapshot = run_collectors(session, [REGIONAL, GLOBAL], regions=["us-east-1", "eu-west-1"], workers=3)
    assert snapshot.accountIds == ["123456789012"] and snapshot.regions == ["us-east-1", "eu-west-1"]
    assert snapshot.collectionErrors == []
    assert snapshot.resourceTypesCollected == [ACCOUNT_RESOURCE_TYPE, SG]
    accounts = {i.awsRegion: i.configuration for i in snapshot if i.resourceType == ACCOUNT_RESOURCE_TYPE}
    assert accounts == {
        "global": {"accountId": "123456789012", "passwordPolicy": None},
        "us-east-1": {"accountId": "123456789012", "ebsEncryptionByDefault": False},
        "eu-west-1": {"accountId": "123456789012", "ebsEncryptionByDefault": False},
    }
    assert {i.awsRegion for i in snapshot if i.resourceType == SG} == {"us-east-1", "eu-west-1"}
    # one client per (service, region), reused by every unit
    assert session.client("ec2", "eu-west-1") is session.client("ec2", "eu-west-1")
    assert session.recorder.calls[("ec2", "DescribeSecurityGroups")] == 2


@mock_aws
def test_escaped_exception_becomes_an_error_naming_the_last_api():
    snapshot = run_collectors(AwsSession(), [BROKEN, REGIONAL], regions=["us-east-1"])
    [error] = snapshot.collectionErrors
    assert (error.service, error.api, error.errorCode, error.region) == (
        "broken",
        "DescribeVpcs",
        "RuntimeError",
        "us-east-1",
    )
    assert error.message == "collector bug" and error.resourceTypes == ["AWS::EC2::VPC"]
    assert any(i.resourceType == SG for i in snapshot)  # the other collector went on


@mock_aws
def test_duplicate_account_setting_is_recorded():
    twin = Collector("twin", (ACCOUNT_RESOURCE_TYPE,), (), _global, is_global=True)
    snapshot = run_collectors(AwsSession(), [GLOBAL, twin], regions=["us-east-1"])
    assert [e.errorCode for e in snapshot.collectionErrors] == ["DuplicateAccountSetting"]


@mock_aws
def test_regions_default_to_enabled_and_disabled_ones_are_recorded(monkeypatch):
    session = AwsSession()
    states = {"us-east-1": "opt-in-not-required", "eu-west-1": "opted-in", "af-south-1": "not-opted-in"}
    monkeypatch.setattr(session, "region_states", lambda: states)
    assert session.select_regions().regions == ["eu-west-1", "us-east-1"]
    snapshot = run_collectors(session, [REGIONAL], regions=["us-east-1", "af-south-1"])
    assert snapshot.regions == ["us-east-1"]
    [error] = snapshot.collectionErrors
    assert (error.region, error.errorCode, error.service) == ("af-south-1", "RegionNotEnabled", "fake-ec2")
    with pytest.raises(InputError, match="unknown region 'mars-1'"):
        session.select_regions(["mars-1"])


@mock_aws
def test_assume_role_reads_the_roles_account():
    session = AwsSession(role_arn="arn:aws:iam::210987654321:role/audit", external_id="xyz")
    assert session.account_id == "210987654321"
    assert boto3.client("sts").get_caller_identity()["Account"] == "123456789012"


def test_external_id_needs_role_arn():
    with pytest.raises(InputError, match="--external-id needs --role-arn"):
        AwsSession(external_id="x")


def test_client_config_and_endpoint_override(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    session = AwsSession(max_attempts=5, connect_timeout=3, read_timeout=7)
    client = session.client("s3", "eu-west-1")
    assert client.meta.endpoint_url == "http://127.0.0.1:4566"
    # botocore makes one attempt; the session's RetryPolicy (compliance.collect.session) retries
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert session.retry_policy.max_attempts == 5
    assert (client.meta.config.connect_timeout, client.meta.config.read_timeout) == (3, 7)


def test_select_collectors_by_service_prefix(plugins):
    names = [c.name for c in select_collectors(plugins.collectors.values(), ["s3", "iam"])]
    assert names[0] == "s3" and "s3-account" in names and "iam" in names
    assert all(n in ("s3", "iam") or n.startswith(("s3-", "iam-")) for n in names)
    with pytest.raises(InputError, match="unknown service 'nope'"):
        select_collectors(plugins.collectors.values(), ["nope"])


def test_builtin_collectors_are_discovered_and_declare_permissions(plugins):
    for name in ("iam", "s3", "s3-account", "ec2", "ec2-vpc", "cloudtrail"):
        collector = plugins.collectors[name]
        assert collector.resource_types and collector.permissions
        assert all(":" in action for action in collector.permissions)
