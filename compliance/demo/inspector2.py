"""Demo Amazon Inspector: EC2 and Lambda scanning activated in the first region only.
(Shield Advanced is left unsubscribed: nothing to seed.)"""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    account = session.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    session.client("inspector2", region_name=regions[0]).enable(resourceTypes=["EC2", "LAMBDA"], accountIds=[account])
