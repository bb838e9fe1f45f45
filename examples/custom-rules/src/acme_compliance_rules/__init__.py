"""ACME's own rules, shipped as a plugin: registered through the ``compliance`` entry point.

* ``acme-s3-bucket-owner-tag`` (Python, below): every bucket names its owning team in a tag.
* ``acme-ebs-volume-gp3`` (declarative, ``rules.yaml``): EBS volumes use the gp3 type.
* the pack ``acme-baseline`` (``pack.yaml``) mixes them with built-in rules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from compliance import hookimpl
from compliance.rule import Param, compliant, non_compliant, rule
from compliance.yaml_rules import load_rule_file

HERE = Path(__file__).parent


@rule(
    id="acme-s3-bucket-owner-tag",
    title="S3 buckets name their owning team in a tag",
    resource_types=["AWS::S3::Bucket"],
    severity="low",
    parameters={"tagKey": Param(str, "owner", "The tag that must name the owner")},
    rationale="Someone has to answer for what is in each bucket.",
    remediation="aws s3api put-bucket-tagging --bucket B --tagging 'TagSet=[{Key=owner,Value=TEAM}]'",
)
def acme_s3_bucket_owner_tag(ci, params):
    """Reads the item's tags."""
    owner = ci.tags.get(params["tagKey"], "").strip()
    if owner:
        return compliant(f"owned by {owner}")
    return non_compliant(f"no '{params['tagKey']}' tag")


@hookimpl
def compliance_register_rules(register: Callable[[Any], None]) -> None:
    register(acme_s3_bucket_owner_tag)
    for declared in load_rule_file(HERE / "rules.yaml"):
        register(declared)


@hookimpl
def compliance_register_packs(register: Callable[[Any], None]) -> None:
    register(HERE / "pack.yaml")
