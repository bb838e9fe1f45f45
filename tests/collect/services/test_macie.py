import pytest
from collecting import access_denied, context, stubbed

from compliance.collect.services.macie import COLLECTORS

MACIE = COLLECTORS[0]


def _run(stubber_setup, plan=None):
    client, stubber = stubbed("macie2")
    stubber_setup(stubber)
    ctx = context(clients={"macie2": client})
    ctx.plan = plan
    with stubber:
        assert list(MACIE.collect(ctx)) == []
    stubber.assert_no_pending_responses()
    return ctx


def _off(stubber, method):
    stubber.add_client_error(method, service_error_code="AccessDeniedException",
                             service_message="Macie is not enabled.", http_status_code=403)  # fmt: skip


def test_enabled_macie_and_its_automated_discovery():
    def setup(stubber):
        stubber.add_response("get_macie_session", {"status": "PAUSED", "findingPublishingFrequency": "SIX_HOURS"})
        stubber.add_response("get_automated_discovery_configuration", {"status": "ENABLED"})

    ctx = _run(setup)
    assert ctx.errors == []
    assert ctx.account_settings == {"us-east-1": {"macieStatus": "PAUSED", "macieAutomatedDiscoveryStatus": "ENABLED"}}


def test_macie_never_enabled_is_disabled_not_an_error_and_costs_one_call():
    def setup(stubber):  # the stubber fails on any call not queued here
        _off(stubber, "get_macie_session")

    ctx = _run(setup)
    assert ctx.errors == []
    assert ctx.account_settings == {
        "us-east-1": {"macieStatus": "DISABLED", "macieAutomatedDiscoveryStatus": "DISABLED"}
    }


def test_a_real_refusal_is_a_collection_error():
    def setup(stubber):
        access_denied(stubber, "get_macie_session")
        stubber.add_response("get_automated_discovery_configuration", {"status": "DISABLED"})

    ctx = _run(setup)
    assert [(e.api, e.errorCode) for e in ctx.errors] == [("GetMacieSession", "AccessDeniedException")]
    assert ctx.account_settings == {"us-east-1": {"macieAutomatedDiscoveryStatus": "DISABLED"}}


def test_discovery_alone_still_reads_its_own_call():
    ctx = _run(lambda stubber: _off(stubber, "get_automated_discovery_configuration"),
               plan={"GetAutomatedDiscoveryConfiguration"})  # fmt: skip
    assert ctx.account_settings == {"us-east-1": {"macieAutomatedDiscoveryStatus": "DISABLED"}}


@pytest.mark.parametrize("api", ["GetMacieSession", "GetAutomatedDiscoveryConfiguration"])
def test_only_the_planned_call_is_made(api):
    method = {"GetMacieSession": "get_macie_session"}.get(api, "get_automated_discovery_configuration")
    ctx = _run(lambda stubber: stubber.add_response(method, {"status": "ENABLED"}), plan={api})
    assert list(ctx.account_settings["us-east-1"]) == [
        {"GetMacieSession": "macieStatus"}.get(api, "macieAutomatedDiscoveryStatus")
    ]
    assert {c.action for c in MACIE.calls} == {"macie2:GetMacieSession", "macie2:GetAutomatedDiscoveryConfiguration"}
