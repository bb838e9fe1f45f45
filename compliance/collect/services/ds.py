"""Directory Service directories (not recorded by AWS Config; ``AWS::DirectoryService::Directory``
with the API's PascalCase fields) and their log forwarding (``supplementaryConfiguration.
LogSubscriptions``, from one region-wide listing). A RADIUS shared secret is redacted."""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import jsonable, paginate, redact
from compliance.model import ConfigurationItem, Relationship

DIRECTORY = "AWS::DirectoryService::Directory"
TYPES = (DIRECTORY,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    ds = ctx.client("ds")
    directories = paginate(ctx, ds, "describe_directories", "DirectoryDescriptions", TYPES)
    if not directories:
        return
    subscriptions = paginate(ctx, ds, "list_log_subscriptions", "LogSubscriptions", TYPES)
    by_directory: dict[str, list] = {}
    for subscription in subscriptions or []:
        by_directory.setdefault(subscription["DirectoryId"], []).append(jsonable(subscription))
    for directory in directories:
        directory_id = directory["DirectoryId"]
        configuration = jsonable(directory)
        radius = configuration.get("RadiusSettings") or {}
        if radius.get("SharedSecret"):
            radius["SharedSecret"] = redact(radius["SharedSecret"], salt=f"{directory_id}#radius")
        vpc = directory.get("VpcSettings") or directory.get("ConnectSettings") or {}
        relationships = []
        if vpc.get("VpcId"):
            relationships.append(Relationship("AWS::EC2::VPC", vpc["VpcId"], relationshipName="Is contained in Vpc"))
        if vpc.get("SecurityGroupId"):
            relationships.append(
                Relationship(
                    "AWS::EC2::SecurityGroup",
                    vpc["SecurityGroupId"],
                    relationshipName="Is associated with SecurityGroup",
                )
            )
        yield ctx.item(
            DIRECTORY,
            directory_id,
            configuration,
            arn=f"arn:{ctx.partition}:ds:{ctx.region}:{ctx.account_id}:directory/{directory_id}",
            name=directory.get("Name"),
            supplementary={} if subscriptions is None else {"LogSubscriptions": by_directory.get(directory_id, [])},
            relationships=relationships,
            created=configuration.get("LaunchTime"),
        )


COLLECTORS = [
    Collector(
        name="ds",
        resource_types=TYPES,
        permissions=("ds:DescribeDirectories", "ds:ListLogSubscriptions"),
        collect=collect,
        description="Directory Service directories and their log forwarding",
    )
]
