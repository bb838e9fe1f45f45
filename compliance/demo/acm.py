"""Demo ACM: two imported certificates, one with a 2,048-bit RSA key and one with a 1,024-bit key
(acm-certificate-rsa-check). They are fixed files (compliance/data/demo-certificates.json, made
once, valid 2026-2036) because a requested certificate gets a random serial number on every
run. Their private keys are planted secrets: none may reach a snapshot."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

CERTIFICATES: dict[str, dict[str, str]] = json.loads(
    files("compliance").joinpath("data/demo-certificates.json").read_text()
)
SECRETS = tuple(c["privateKey"].splitlines()[5] for c in CERTIFICATES.values())


def seed(session: Any, regions: list[str]) -> None:
    acm = session.client("acm", region_name=regions[0])
    for domain, pem in sorted(CERTIFICATES.items()):
        acm.import_certificate(
            Certificate=pem["certificate"].encode(),
            PrivateKey=pem["privateKey"].encode(),
            Tags=[{"Key": "Name", "Value": domain}],
        )
