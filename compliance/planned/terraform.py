"""``terraform show -json`` plan output as planned items; split resources fold into their bucket or group."""

from __future__ import annotations

from typing import Any

from compliance.errors import InputError
from compliance.planned.items import UNKNOWN, PlannedItem, ip_permission, planned_item


def _after(change: dict[str, Any]) -> dict[str, Any]:
    """The planned values with every unknown one replaced by UNKNOWN."""
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    return _merge(after, unknown)


def _merge(value: Any, unknown: Any) -> Any:
    if unknown is True:
        return UNKNOWN
    if isinstance(value, dict):
        marks = unknown if isinstance(unknown, dict) else {}
        keys = set(value) | {k for k, v in marks.items() if v is True}
        return {k: _merge(value.get(k), marks.get(k)) for k in keys}
    if isinstance(value, list):
        marks = unknown if isinstance(unknown, list) else []
        return [_merge(v, marks[i] if i < len(marks) else None) for i, v in enumerate(value)]
    return value


def load_plan(data: dict[str, Any], name: str) -> list[PlannedItem]:
    changes = data.get("resource_changes")
    if not isinstance(changes, list):
        raise InputError(f"{name}: resource_changes: expected a list (terraform show -json of a plan)")
    resources: list[tuple[str, str, dict[str, Any]]] = []
    for index, change in enumerate(changes):
        if not isinstance(change, dict) or not isinstance(change.get("change"), dict):
            raise InputError(f"{name}: resource_changes[{index}].change: expected an object")
        if change.get("mode", "managed") != "managed":
            continue
        actions = change["change"].get("actions") or []
        if actions == ["delete"]:
            continue
        resources.append((str(change.get("address")), str(change.get("type")), _after(change["change"])))
    references = _references(data)
    buckets: dict[Any, dict[str, Any]] = {}
    groups: dict[Any, dict[str, Any]] = {}
    for address, kind, values in resources:
        if kind == "aws_s3_bucket":
            buckets[address] = {"address": address, "values": values, "supp": {}}
        elif kind == "aws_security_group":
            groups[address] = {"address": address, "values": values, "in": [], "out": []}
    for address, kind, values in resources:
        fold = _SPLIT.get(kind)
        if fold is None:
            continue
        field = "bucket" if kind.startswith("aws_s3") else "security_group_id"
        pool = buckets if kind.startswith("aws_s3") else groups
        target = pool.get(references.get((address, field))) or _find(pool, values.get(field))
        if target is not None:
            fold(target, values)
    items = [_bucket(b) for b in buckets.values()] + [_group(g) for g in groups.values()]
    return items


def _references(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(address, argument) -> the resource address its expression refers to (root module)."""
    out: dict[tuple[str, str], str] = {}
    root = ((data.get("configuration") or {}).get("root_module") or {}).get("resources") or []
    for resource in root if isinstance(root, list) else []:
        if not isinstance(resource, dict):
            continue
        for argument, expression in (resource.get("expressions") or {}).items():
            refs = expression.get("references") if isinstance(expression, dict) else None
            for ref in refs or []:
                parts = str(ref).split(".")
                if len(parts) >= 2 and parts[0].startswith("aws_"):
                    out[(str(resource.get("address")), argument)] = ".".join(parts[:2])
                    break
    return out


def _find(pool: dict[Any, dict[str, Any]], key: Any) -> dict[str, Any] | None:
    """The bucket or group a split resource configures: by name/id, or (unknown until apply) alone."""
    for entry in pool.values():
        values = entry["values"]
        if key is not UNKNOWN and key is not None and key in (values.get("bucket"), values.get("id")):
            return entry
    if key is UNKNOWN and len(pool) == 1:
        return next(iter(pool.values()))
    return None


def _versioning(bucket: dict[str, Any], values: dict[str, Any]) -> None:
    config = (values.get("versioning_configuration") or [{}])[0] or {}
    bucket["supp"]["BucketVersioningConfiguration"] = {
        "status": config.get("status"),
        "isMfaDeleteEnabled": config.get("mfa_delete") == "Enabled" if config.get("mfa_delete") else None,
    }


def _public_access(bucket: dict[str, Any], values: dict[str, Any]) -> None:
    bucket["supp"]["PublicAccessBlockConfiguration"] = {
        "blockPublicAcls": values.get("block_public_acls"),
        "ignorePublicAcls": values.get("ignore_public_acls"),
        "blockPublicPolicy": values.get("block_public_policy"),
        "restrictPublicBuckets": values.get("restrict_public_buckets"),
    }


def _encryption(bucket: dict[str, Any], values: dict[str, Any]) -> None:
    rules = []
    for entry in values.get("rule") or []:
        default = ((entry or {}).get("apply_server_side_encryption_by_default") or [{}])[0] or {}
        rules.append(
            {
                "applyServerSideEncryptionByDefault": {
                    "sseAlgorithm": default.get("sse_algorithm"),
                    "kmsMasterKeyID": default.get("kms_master_key_id"),
                },
                "bucketKeyEnabled": (entry or {}).get("bucket_key_enabled"),
            }
        )
    bucket["supp"]["ServerSideEncryptionConfiguration"] = {"rules": rules}


def _logging(bucket: dict[str, Any], values: dict[str, Any]) -> None:
    bucket["supp"]["BucketLoggingConfiguration"] = {
        "destinationBucketName": values.get("target_bucket"),
        "logFilePrefix": values.get("target_prefix"),
    }


def _sg_rule(group: dict[str, Any], values: dict[str, Any]) -> None:
    side = "in" if values.get("type") == "ingress" else "out"
    group[side].append(
        ip_permission(
            values.get("protocol"),
            values.get("from_port"),
            values.get("to_port"),
            list(values.get("cidr_blocks") or []),
            list(values.get("ipv6_cidr_blocks") or []),
        )
    )


def _vpc_rule(side: str) -> Any:
    def fold(group: dict[str, Any], values: dict[str, Any]) -> None:
        cidr, cidr6 = values.get("cidr_ipv4"), values.get("cidr_ipv6")
        group[side].append(
            ip_permission(
                values.get("ip_protocol"),
                values.get("from_port"),
                values.get("to_port"),
                [cidr] if cidr else [],
                [cidr6] if cidr6 else [],
            )
        )

    return fold


_SPLIT = {
    "aws_s3_bucket_versioning": _versioning,
    "aws_s3_bucket_public_access_block": _public_access,
    "aws_s3_bucket_server_side_encryption_configuration": _encryption,
    "aws_s3_bucket_logging": _logging,
    "aws_security_group_rule": _sg_rule,
    "aws_vpc_security_group_ingress_rule": _vpc_rule("in"),
    "aws_vpc_security_group_egress_rule": _vpc_rule("out"),
}


def _bucket(bucket: dict[str, Any]) -> PlannedItem:
    values, supp = bucket["values"], bucket["supp"]
    supp.setdefault("BucketVersioningConfiguration", {"status": "Off"})
    # S3 encrypts every new bucket with SSE-S3 since January 2023
    supp.setdefault(
        "ServerSideEncryptionConfiguration",
        {"rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]},
    )
    supp.setdefault("BucketLoggingConfiguration", {})
    name = values.get("bucket", UNKNOWN)
    return planned_item(
        "AWS::S3::Bucket", bucket["address"], bucket["address"], {"name": name}, supp, values.get("tags") or {}, name
    )


def _inline(entries: Any) -> list[dict[str, Any]]:
    if entries is UNKNOWN:
        return [UNKNOWN]  # type: ignore[list-item]
    return [
        ip_permission(
            e.get("protocol"),
            e.get("from_port"),
            e.get("to_port"),
            list(e.get("cidr_blocks") or []),
            list(e.get("ipv6_cidr_blocks") or []),
        )
        for e in entries or []
        if isinstance(e, dict)
    ]


def _group(group: dict[str, Any]) -> PlannedItem:
    values = group["values"]
    config = {
        "groupId": values.get("id", UNKNOWN),
        "groupName": values.get("name", UNKNOWN),
        "description": values.get("description"),
        "vpcId": values.get("vpc_id"),
        "ipPermissions": _inline(values.get("ingress")) + group["in"],
        "ipPermissionsEgress": _inline(values.get("egress")) + group["out"],
    }
    tags = values.get("tags") if isinstance(values.get("tags"), dict) else {}
    return planned_item("AWS::EC2::SecurityGroup", group["address"], group["address"], config, None, tags)
