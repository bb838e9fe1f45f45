"""Demo Athena workgroups: one publishing its query metrics to CloudWatch with encrypted results, one
publishing nothing (Athena.4). The region's ``primary`` workgroup is the simulator's own."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    athena = session.client("athena", region_name=regions[0])
    results = {"OutputLocation": "s3://demo-athena-results/", "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}}
    athena.create_work_group(
        Name="analysts",
        Configuration={"ResultConfiguration": results, "PublishCloudWatchMetricsEnabled": True},
        Description="Metered analyst queries",
    )
    athena.create_work_group(
        Name="ad-hoc", Configuration={"PublishCloudWatchMetricsEnabled": False}, Description="Unmetered"
    )
