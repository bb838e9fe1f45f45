"""IAM Access Analyzer: analyzers per region with their archive rules (``AWS::AccessAnalyzer::Analyzer``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import jsonable, paginate
from compliance.model import ConfigurationItem

ANALYZER = "AWS::AccessAnalyzer::Analyzer"
TYPES = (ANALYZER,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    client = ctx.client("accessanalyzer")
    for analyzer in paginate(ctx, client, "list_analyzers", "analyzers", TYPES) or []:
        yield _analyzer(ctx, client, analyzer)


def _analyzer(ctx: CollectContext, client: Any, analyzer: dict[str, Any]) -> ConfigurationItem:
    name = analyzer["name"]
    configuration = {
        "AnalyzerName": name,
        "Arn": analyzer["arn"],
        "Type": analyzer.get("type"),
        "Status": analyzer.get("status"),
        "StatusReason": jsonable(analyzer.get("statusReason")),
        "LastResourceAnalyzed": analyzer.get("lastResourceAnalyzed"),
    }
    rules = paginate(
        ctx, client, "list_archive_rules", "archiveRules", TYPES, resource_id=analyzer["arn"], analyzerName=name
    )
    if rules is not None:
        configuration["ArchiveRules"] = [
            {
                "RuleName": rule["ruleName"],
                "Filter": [{"Property": key, **_criterion(value)} for key, value in (rule.get("filter") or {}).items()],
            }
            for rule in rules
        ]
    return ctx.item(
        ANALYZER,
        analyzer["arn"],
        configuration,
        arn=analyzer["arn"],
        name=name,
        tags=analyzer.get("tags") or {},
        created=jsonable(analyzer.get("createdAt")),
    )


def _criterion(value: dict[str, Any]) -> dict[str, Any]:
    return {key[:1].upper() + key[1:]: found for key, found in value.items()}


COLLECTORS = [
    Collector(
        name="accessanalyzer",
        resource_types=TYPES,
        permissions=("access-analyzer:ListAnalyzers", "access-analyzer:ListArchiveRules"),
        collect=collect,
        description="IAM Access Analyzer analyzers (type, status, archive rules), per region",
    )
]
