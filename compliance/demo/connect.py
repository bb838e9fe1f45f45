"""Demo Amazon Connect, in the first region: a support instance logging its contact flows to CloudWatch and a
sales instance that does not (Connect.2).

moto 5.2.5 lacks DescribeInstanceAttribute, and gives instances random (uuid4) ids, which would change the demo on
every run: the seed answers ListInstances and DescribeInstanceAttribute, as Connect would, for two instances of
its own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from compliance.demo import DEMO_ACCOUNT_ID

CREATED = datetime(2025, 3, 4, tzinfo=UTC)
INSTANCES = {  # id: (alias, contact flow logs)
    "5f0c3e2a-1d4b-4c6e-9a7f-0b1c2d3e4f50": ("support-center", "true"),
    "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d": ("outbound-sales", "false"),
}


class _Ok:
    status_code = 200
    headers: dict[str, str] = {}


def seed(session: Any, regions: list[str]) -> None:
    region = regions[0]
    role = f"arn:aws:iam::{DEMO_ACCOUNT_ID}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect"
    summaries = [
        {"Id": instance_id, "Arn": f"arn:aws:connect:{region}:{DEMO_ACCOUNT_ID}:instance/{instance_id}",
         "IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": alias, "CreatedTime": CREATED,
         "ServiceRole": role, "InstanceStatus": "ACTIVE", "InboundCallsEnabled": True,
         "OutboundCallsEnabled": alias == "outbound-sales", "InstanceAccessUrl": f"https://{alias}.my.connect.aws"}
        for instance_id, (alias, _) in INSTANCES.items()
    ]  # fmt: skip

    def instances(request_signer: Any, **_: Any) -> tuple[Any, dict[str, Any]]:
        here = summaries if request_signer._region_name == region else []
        return _Ok(), {"InstanceSummaryList": here, "ResponseMetadata": {"HTTPStatusCode": 200}}

    def attribute(params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
        # /instance/{InstanceId}/attribute/{AttributeType}
        _, _, instance_id, _, kind = str(params.get("url_path", "")).split("/")[:5]
        value = INSTANCES.get(instance_id, ("", "false"))[1] if kind == "CONTACTFLOW_LOGS" else "false"
        return _Ok(), {
            "Attribute": {"AttributeType": kind, "Value": value},
            "ResponseMetadata": {"HTTPStatusCode": 200},
        }

    session.events.register("before-call.connect.ListInstances", instances)
    session.events.register("before-call.connect.DescribeInstanceAttribute", attribute)
