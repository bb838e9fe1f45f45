"""Redshift Serverless namespaces and workgroups in AWS Config's PascalCase (the API's camelCase with
the first letter raised: ``AdminUsername``, ``LogExports``, ``EnhancedVpcRouting``, ``PubliclyAccessible``,
``ConfigParameters`` with ``ParameterKey`` / ``ParameterValue``), resource id the name.

ListNamespaces and ListWorkgroups give every setting the rules read in one request each. No password is
ever returned (a namespace names its admin secret by ARN only). Status is state and is left out. The
ARNs end in a generated id, not the name, so one resource by ARN is found in its type's listing."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import Call, CollectContext, Collector
from compliance.collect.helpers import paginate, pascal_case
from compliance.model import ConfigurationItem

NAMESPACE = "AWS::RedshiftServerless::Namespace"
WORKGROUP = "AWS::RedshiftServerless::Workgroup"
STATE = ("Status", "PatchVersion", "WorkgroupVersion")
# (resource type, list operation, list API, result key, name key, ARN key, ARN marker)
KINDS = (
    (NAMESPACE, "list_namespaces", "ListNamespaces", "namespaces", "namespaceName", "namespaceArn", ":namespace/"),
    (WORKGROUP, "list_workgroups", "ListWorkgroups", "workgroups", "workgroupName", "workgroupArn", ":workgroup/"),
)
CALLS = tuple(
    Call(api, f"redshift-serverless:{api}", {kind: ("configuration",)}, lists=(kind,)) for kind, _, api, *_ in KINDS
)


def _items(ctx: CollectContext, kinds: tuple = KINDS) -> Iterator[ConfigurationItem]:
    client = ctx.client("redshift-serverless")
    for kind, operation, api, key, name_key, arn_key, _ in kinds:
        if not ctx.wants(api):
            continue
        for entry in paginate(ctx, client, operation, key, (kind,)) or []:
            configuration = {k: v for k, v in pascal_case(entry).items() if k not in STATE}
            yield ctx.item(
                kind, entry[name_key], configuration, arn=entry.get(arn_key), name=entry[name_key],
                created=configuration.get("CreationDate"),
            )  # fmt: skip


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    yield from _items(ctx)


def read_one(ctx: CollectContext, id_or_arn: str) -> ConfigurationItem | None:
    kinds = tuple(k for k in KINDS if not id_or_arn.startswith("arn:") or k[-1] in id_or_arn)
    return next((i for i in _items(ctx, kinds) if id_or_arn in (i.resourceId, i.arn)), None)


COLLECTORS = [
    Collector(
        name="redshiftserverless",  # not redshift-serverless: --services redshift would select it
        resource_types=(NAMESPACE, WORKGROUP),
        calls=CALLS,
        collect=collect,
        read_one=read_one,
        description="Redshift Serverless namespaces (admin user, log exports) and workgroups (access, SSL, routing)",
    )
]
