"""CloudFormation templates (YAML with short-form intrinsics, or JSON) as planned items."""

from __future__ import annotations

from typing import Any

import yaml

from compliance.errors import InputError
from compliance.planned.items import UNKNOWN, PlannedItem, ip_permission, planned_item
from compliance.yamlio import DEFAULT_MAX_YAML_NODES, LimitedSafeLoader, _limit, _YamlLimit, parse_json

_INTRINSICS = (
    "Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or",
    "FindInMap", "GetAZs", "ImportValue", "Base64", "Cidr", "Condition", "Transform",
)  # fmt: skip


class _Located(dict):  # type: ignore[type-arg]
    """A mapping remembering the line each of its keys is written on."""

    key_lines: dict[Any, int] = {}  # noqa: RUF012 (replaced per instance)


class TemplateLoader(LimitedSafeLoader):
    """The project's limited safe loader, plus CloudFormation's short-form tags as plain mappings."""


def _intrinsic(name: str) -> Any:
    key = name if name in ("Ref", "Condition") else f"Fn::{name}"

    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if name == "GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {key: value}

    return construct


for _name in _INTRINSICS:
    TemplateLoader.add_constructor(f"!{_name}", _intrinsic(_name))


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = _Located(loader.construct_mapping(node, deep=True))
    mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


TemplateLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_template(text: str, name: str) -> Any:
    loader = TemplateLoader(text)
    loader.max_nodes = _limit("COMPLIANCE_MAX_YAML_NODES", DEFAULT_MAX_YAML_NODES)
    try:
        return loader.get_single_data()
    except _YamlLimit as exc:
        raise InputError(f"{name}: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        raise InputError(f"{where}: {exc.problem or 'invalid YAML'}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise InputError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
    finally:
        loader.dispose()


class _Resolver:
    def __init__(self, name: str, parameters: dict[str, Any]) -> None:
        self.name = name
        self.parameters = parameters

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                ((key, arg),) = value.items()
                if key == "Ref":
                    return self.parameters.get(arg, UNKNOWN) if isinstance(arg, str) else UNKNOWN
                if key == "Fn::Sub" and isinstance(arg, str) and "${" not in arg:
                    return arg
                if key.startswith("Fn::"):
                    return UNKNOWN
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        return value


def load_template(text: str, name: str, given: dict[str, str], *, is_json: bool) -> list[PlannedItem]:
    data = parse_json(text.encode(), name) if is_json else parse_template(text, name)
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise InputError(f"{name}: Resources: expected a mapping of resources (not a CloudFormation template?)")
    parameters: dict[str, Any] = {}
    declared = data.get("Parameters") or {}
    if not isinstance(declared, dict):
        raise InputError(f"{name}: Parameters: expected a mapping")
    for key, spec in declared.items():
        if key in given:
            parameters[key] = given[key]
        elif isinstance(spec, dict) and "Default" in spec:
            parameters[key] = spec["Default"]
    resolve = _Resolver(name, parameters)
    items: list[PlannedItem] = []
    resources = data["Resources"]
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            raise InputError(f"{name}: Resources.{logical_id}.Type: expected a resource type string")
        props = resolve(resource.get("Properties") or {})
        if not isinstance(props, dict):
            raise InputError(f"{name}: Resources.{logical_id}.Properties: expected a mapping")
        line = getattr(resources, "key_lines", {}).get(logical_id, 0)
        location = f"{name}:{line}" if line else name
        build = _BUILDERS.get(resource["Type"])
        if build is not None:
            items.append(build(logical_id, props, location, resources))
    return items


def _tags(props: dict[str, Any]) -> dict[str, Any]:
    tags = props.get("Tags")
    if isinstance(tags, list):
        return {t.get("Key"): t.get("Value") for t in tags if isinstance(t, dict) and isinstance(t.get("Key"), str)}
    return tags if isinstance(tags, dict) else {}


def _bucket(logical_id: str, props: dict[str, Any], location: str, _: Any) -> PlannedItem:
    supp: dict[str, Any] = {}
    versioning = props.get("VersioningConfiguration")
    supp["BucketVersioningConfiguration"] = {"status": (versioning or {}).get("Status") or "Off"}
    block = props.get("PublicAccessBlockConfiguration")
    if isinstance(block, dict):
        supp["PublicAccessBlockConfiguration"] = {
            "blockPublicAcls": block.get("BlockPublicAcls", False),
            "ignorePublicAcls": block.get("IgnorePublicAcls", False),
            "blockPublicPolicy": block.get("BlockPublicPolicy", False),
            "restrictPublicBuckets": block.get("RestrictPublicBuckets", False),
        }
    encryption = props.get("BucketEncryption")
    rules = []
    for entry in (encryption or {}).get("ServerSideEncryptionConfiguration") or []:
        default = (entry or {}).get("ServerSideEncryptionByDefault") or {}
        rules.append(
            {
                "applyServerSideEncryptionByDefault": {
                    "sseAlgorithm": default.get("SSEAlgorithm"),
                    "kmsMasterKeyID": default.get("KMSMasterKeyID"),
                },
                "bucketKeyEnabled": (entry or {}).get("BucketKeyEnabled"),
            }
        )
    # S3 encrypts every new bucket with SSE-S3 since January 2023
    supp["ServerSideEncryptionConfiguration"] = {
        "rules": rules or [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]
    }
    logging = props.get("LoggingConfiguration")
    supp["BucketLoggingConfiguration"] = (
        {"destinationBucketName": logging.get("DestinationBucketName"), "logFilePrefix": logging.get("LogFilePrefix")}
        if isinstance(logging, dict)
        else {}
    )
    name = props.get("BucketName", UNKNOWN)
    config = {"name": name}
    return planned_item("AWS::S3::Bucket", logical_id, location, config, supp, _tags(props), name)


def _rules(entries: Any, egress: bool) -> list[dict[str, Any]]:
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        out.append(
            ip_permission(
                entry.get("IpProtocol"),
                entry.get("FromPort"),
                entry.get("ToPort"),
                [entry.get("CidrIp")] if "CidrIp" in entry else [],
                [entry.get("CidrIpv6")] if "CidrIpv6" in entry else [],
            )
        )
    return out


def _security_group(logical_id: str, props: dict[str, Any], location: str, resources: Any) -> PlannedItem:
    ingress = _rules(props.get("SecurityGroupIngress"), False)
    egress = _rules(props.get("SecurityGroupEgress"), True)
    for other in resources.values():  # standalone ingress/egress resources fold into their group
        if not isinstance(other, dict) or other.get("Type") not in _RULE_TYPES:
            continue
        other_props = other.get("Properties") or {}
        if other_props.get("GroupId") in ({"Ref": logical_id}, {"Fn::GetAtt": [logical_id, "GroupId"]}):
            target = ingress if other["Type"].endswith("Ingress") else egress
            target += _rules([_plain(other_props)], False)
    config = {
        "groupId": UNKNOWN,
        "groupName": props.get("GroupName", UNKNOWN),
        "description": props.get("GroupDescription"),
        "vpcId": props.get("VpcId"),
        "ipPermissions": ingress,
        "ipPermissionsEgress": egress or [ip_permission("-1", None, None, ["0.0.0.0/0"], [])],
    }
    return planned_item("AWS::EC2::SecurityGroup", logical_id, location, config, None, _tags(props))


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {k: (UNKNOWN if isinstance(v, dict) else v) for k, v in props.items()}


_RULE_TYPES = ("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress")
_BUILDERS = {"AWS::S3::Bucket": _bucket, "AWS::EC2::SecurityGroup": _security_group}
