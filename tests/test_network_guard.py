"""Tests can never reach a real endpoint: conftest refuses every non-loopback connection."""

from __future__ import annotations

import socket

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError


def test_a_real_aws_call_is_refused():
    client = boto3.client("sts", region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
    with pytest.raises(EndpointConnectionError):
        client.get_caller_identity()


def test_only_loopback_resolves():
    assert socket.getaddrinfo("127.0.0.1", 80)
    with pytest.raises(socket.gaierror, match="loopback"):
        socket.getaddrinfo("example.com", 443)
