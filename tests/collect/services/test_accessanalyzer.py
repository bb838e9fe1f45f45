from datetime import UTC, datetime

from collecting import context, one, stubbed

from compliance.collect.services.accessanalyzer import ANALYZER, COLLECTORS

ACCESS_ANALYZER = COLLECTORS[0]
ARN = "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/external"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _analyzer(**extra):
    return {"arn": ARN, "name": "external", "type": "ACCOUNT", "createdAt": NOW, "status": "ACTIVE", **extra}


def test_analyzers_with_archive_rules_stubbed():
    client, stub = stubbed("accessanalyzer", "eu-west-1")
    stub.add_response("list_analyzers", {"analyzers": [_analyzer(tags={"team": "sec"})]})
    stub.add_response(
        "list_archive_rules",
        {
            "archiveRules": [
                {
                    "ruleName": "trusted-org",
                    "filter": {"principal.AWS": {"eq": ["111122223333"]}},
                    "createdAt": NOW,
                    "updatedAt": NOW,
                }
            ]
        },
        {"analyzerName": "external"},
    )
    with stub:
        ctx = context("eu-west-1", clients={"accessanalyzer": client})
        items = list(ACCESS_ANALYZER.collect(ctx))
    stub.assert_no_pending_responses()
    assert ctx.errors == []
    analyzer = one(items, ANALYZER, ARN)
    c = analyzer.configuration
    assert (c["AnalyzerName"], c["Type"], c["Status"]) == ("external", "ACCOUNT", "ACTIVE")
    assert c["ArchiveRules"] == [
        {"RuleName": "trusted-org", "Filter": [{"Property": "principal.AWS", "Eq": ["111122223333"]}]}
    ]
    assert analyzer.tags == {"team": "sec"}
    assert analyzer.resourceCreationTime == NOW.isoformat()


def test_no_analyzer_region_yields_nothing_without_error():
    client, stub = stubbed("accessanalyzer")
    stub.add_response("list_analyzers", {"analyzers": []})
    with stub:
        ctx = context(clients={"accessanalyzer": client})
        assert list(ACCESS_ANALYZER.collect(ctx)) == []
    assert ctx.errors == []


def test_denied_listing_recorded():
    client, stub = stubbed("accessanalyzer")
    stub.add_client_error("list_analyzers", "AccessDeniedException", "denied", 403)
    with stub:
        ctx = context(clients={"accessanalyzer": client})
        assert list(ACCESS_ANALYZER.collect(ctx)) == []
    assert [(e.service, e.api, e.resourceTypes) for e in ctx.errors] == [
        ("accessanalyzer", "ListAnalyzers", [ANALYZER])
    ]


def test_denied_archive_rules_keep_the_analyzer():
    client, stub = stubbed("accessanalyzer")
    stub.add_response("list_analyzers", {"analyzers": [_analyzer()]})
    stub.add_client_error("list_archive_rules", "AccessDeniedException", "denied", 403)
    with stub:
        ctx = context(clients={"accessanalyzer": client})
        items = list(ACCESS_ANALYZER.collect(ctx))
    assert "ArchiveRules" not in one(items, ANALYZER, ARN).configuration
    assert ctx.errors[0].resourceId == ARN
