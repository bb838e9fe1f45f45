"""Demo Amazon MQ: an ActiveMQ broker with audit and general logs and automatic minor upgrades, and one
with neither (MQ.2, MQ.3)."""

from __future__ import annotations

from typing import Any

SECRETS = ("demo-broker-Pw-7kQ2zR9m",)


def seed(session: Any, regions: list[str]) -> None:
    mq = session.client("mq", region_name=regions[0])
    common = {
        "EngineType": "ACTIVEMQ",
        "EngineVersion": "5.18",
        "HostInstanceType": "mq.t3.micro",
        "DeploymentMode": "SINGLE_INSTANCE",
        "PubliclyAccessible": False,
        "Users": [{"Username": "orders-app", "Password": SECRETS[0]}],
    }
    mq.create_broker(BrokerName="orders-events", AutoMinorVersionUpgrade=True, Logs={"Audit": True, "General": True},
                     **common)  # fmt: skip
    mq.create_broker(BrokerName="legacy-jobs", AutoMinorVersionUpgrade=False, **common)
