"""Demo CloudFormation: a production stack with termination protection, and one without."""

from __future__ import annotations

import json
from typing import Any

TEMPLATE = json.dumps(
    {"Resources": {"AppLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 90}}}}
)


def seed(session: Any, regions: list[str]) -> None:
    client = session.client("cloudformation", region_name=regions[0])
    client.create_stack(StackName="orders-platform", TemplateBody=TEMPLATE, EnableTerminationProtection=True)
    client.create_stack(StackName="experiment-sandbox", TemplateBody=TEMPLATE)
