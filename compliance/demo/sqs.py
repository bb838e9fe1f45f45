"""Demo SQS queues: one encrypted with SQS-managed keys and limited to its account, one unencrypted with a
policy open to everyone (SQS.1, SQS.3)."""

from __future__ import annotations

import json
from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    sqs = session.client("sqs", region_name=regions[0])
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    sqs.create_queue(QueueName="order-events", Attributes={"SqsManagedSseEnabled": "true"},
                     tags={"team": "orders"})  # fmt: skip
    arn = f"arn:aws:sqs:{regions[0]}:{account}:legacy-intake"
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": arn}]}  # fmt: skip
    sqs.create_queue(QueueName="legacy-intake",
                     Attributes={"SqsManagedSseEnabled": "false", "Policy": json.dumps(policy)})  # fmt: skip
