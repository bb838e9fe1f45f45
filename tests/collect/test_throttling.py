"""Throttling and 503s (issue #15): a scan through a loopback proxy that fails 30% of requests
finishes with the same verdicts as a clean one; a call that keeps failing stops at its deadline
and becomes a collection error (INSUFFICIENT_DATA), never a hang.

Adaptive retry mode made the same scan crawl: its client-side rate limiter lowers a client's
send rate on every throttling response, down to 0.5 requests/s, for every thread sharing it.
"""

from __future__ import annotations

import logging
import socket

import boto3
import pytest

from compliance.collect.runner import run_collectors, select_collectors
from compliance.collect.session import AwsSession, RetryPolicy
from compliance.evaluate import evaluate, select_rules
from compliance.fault_proxy import FaultProxy
from compliance.model import ComplianceType

REGION = "us-east-1"
SERVICES = ["s3", "ec2", "iam"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    mp = pytest.MonkeyPatch()
    mp.setenv("AWS_ACCESS_KEY_ID", "testing")
    mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    mp.delenv("AWS_PROFILE", raising=False)
    s3 = boto3.client("s3", region_name=REGION, endpoint_url=endpoint)
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=endpoint)
    iam = boto3.client("iam", region_name=REGION, endpoint_url=endpoint)
    for n in range(4):
        s3.create_bucket(Bucket=f"throttled-bucket-{n}")
        if n % 2:
            s3.put_bucket_versioning(Bucket=f"throttled-bucket-{n}", VersioningConfiguration={"Status": "Enabled"})
        iam.create_user(UserName=f"throttled-user-{n}")
        group = ec2.create_security_group(GroupName=f"throttled-{n}", Description="d")["GroupId"]
        if n % 2:
            ec2.authorize_security_group_ingress(
                GroupId=group,
                IpPermissions=[
                    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
                ],
            )
    yield endpoint
    mp.undo()
    server.stop()


def _collect(endpoint: str, plugins, **session_options):
    session = AwsSession(region=REGION, endpoint_url=endpoint, **session_options)
    # S3 Control puts the account id in the host name, which 127.0.0.1 cannot serve.
    session.boto_session.events.register_first(
        "before-send.s3-control",
        lambda request, **_: setattr(request, "url", request.url.replace("://123456789012.", "://")),
    )
    # moto's server lacks Client VPN and VPC Block Public Access, which ec2-network also reads
    collectors = [c for c in select_collectors(plugins.collectors.values(), SERVICES) if c.name != "ec2-network"]
    return run_collectors(session, collectors, regions=[REGION], workers=4), session


def _verdicts(snapshot, plugins) -> set[tuple[str, str, str, str]]:
    rules, _ = select_rules(plugins)
    result = evaluate(snapshot, rules)
    return {(e.configRuleName, e.resourceType, e.resourceId, e.complianceType.value) for e in result.evaluations}


def test_thirty_percent_faults_give_the_same_verdicts(moto_endpoint, plugins):
    clean, _ = _collect(moto_endpoint, plugins)
    assert not clean.collectionErrors
    with FaultProxy(moto_endpoint, rate=0.3, seed=15) as proxy:
        faulty, session = _collect(proxy.url, plugins)
    assert proxy.faults > 10  # faults were injected, and retried
    assert session.recorder.attempts > session.recorder.total_calls
    assert not faulty.collectionErrors
    assert _verdicts(faulty, plugins) == _verdicts(clean, plugins)
    assert ("restricted-ssh", "AWS::EC2::SecurityGroup") in {
        (r, t) for r, t, _, s in _verdicts(faulty, plugins) if s == "NON_COMPLIANT"
    }


def test_a_call_that_keeps_failing_stops_at_its_deadline(moto_endpoint, plugins):
    with FaultProxy(moto_endpoint, rate=1.0, seed=1) as proxy:
        session = AwsSession(region=REGION, endpoint_url=proxy.url, max_attempts=1000, call_deadline=0.5)
        with pytest.raises(Exception) as raised:
            session.client("iam").list_users()
    # Only the deadline can have stopped 1,000 allowed attempts this early.
    assert 1 < proxy.requests < 50
    assert "Throttling" in str(raised.value) or "503" in str(raised.value)


def test_throttled_listing_becomes_insufficient_data(moto_endpoint, plugins):
    with FaultProxy(moto_endpoint, rate=1.0, seed=2, only="DescribeSecurityGroups") as proxy:
        snapshot, _ = _collect(proxy.url, plugins, max_attempts=2)
    assert {(e.api, e.errorCode) for e in snapshot.collectionErrors} <= {
        ("DescribeSecurityGroups", "RequestLimitExceeded"),
        ("DescribeSecurityGroups", "503"),
    }
    assert snapshot.collectionErrors
    rules, _ = select_rules(plugins, rule_ids=["restricted-ssh"])
    states = {e.complianceType for e in evaluate(snapshot, rules).evaluations}
    assert states == {ComplianceType.INSUFFICIENT_DATA}


def test_the_session_uses_its_own_retries_not_adaptive_mode():
    session = AwsSession(region=REGION, endpoint_url="http://127.0.0.1:1")
    assert session.config.retries["mode"] == "standard" and session.config.retries["total_max_attempts"] == 1
    assert session.retry_policy == RetryPolicy()
