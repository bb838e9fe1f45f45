"""Demo EMR: block public access on in the first region and never configured in the second (EMR.2); a security
configuration encrypting at rest and in transit and one encrypting neither (EMR.3, EMR.4); one running cluster,
whose primary node has a public DNS name (moto gives every cluster one: EMR.1).

moto 5.2.5 lacks ListSecurityConfigurations: the seed answers it with the configurations it created."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from compliance.demo._simulated import answer

CREATED = datetime(2024, 9, 17, tzinfo=UTC)
CONFIGURATIONS = {
    "emr-encrypted": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": True},
    "emr-legacy": {"EnableAtRestEncryption": False, "EnableInTransitEncryption": False},
}


def seed(session: Any, regions: list[str]) -> None:
    emr = session.client("emr", region_name=regions[0])
    emr.put_block_public_access_configuration(
        BlockPublicAccessConfiguration={
            "BlockPublicSecurityGroupRules": True,
            "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}],
        }
    )
    for name, encryption in CONFIGURATIONS.items():
        document = {"EncryptionConfiguration": {**encryption}}
        emr.create_security_configuration(Name=name, SecurityConfiguration=json.dumps(document))
    listed = [{"Name": name, "CreationDateTime": CREATED} for name in CONFIGURATIONS]
    answer(
        session,
        "emr",
        "ListSecurityConfigurations",
        lambda region, params: {"SecurityConfigurations": listed if region == regions[0] else []},
    )
    instances = {"MasterInstanceType": "m5.xlarge", "SlaveInstanceType": "m5.xlarge", "InstanceCount": 3,
                 "KeepJobFlowAliveWhenNoSteps": True}  # fmt: skip
    emr.run_job_flow(Name="clickstream-analytics", ReleaseLabel="emr-7.0.0", Instances=instances,
                     JobFlowRole="EMR_EC2_DefaultRole", ServiceRole="EMR_DefaultRole")  # fmt: skip
