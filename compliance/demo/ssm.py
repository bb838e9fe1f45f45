"""Demo Systems Manager parameters, one a SecureString whose value must never be stored.
(Managed instances and patch compliance have no simulator: they show as collection errors.)"""

from __future__ import annotations

from typing import Any

SECRETS = ("demo-ssm-securestring-4c9e71",)


def seed(session: Any, regions: list[str]) -> None:
    ssm = session.client("ssm", region_name=regions[0])
    ssm.put_parameter(Name="/orders/db/password", Value=SECRETS[0], Type="SecureString")
    ssm.put_parameter(Name="/orders/stage", Value="production", Type="String")
