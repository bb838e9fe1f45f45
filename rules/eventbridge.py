"""EventBridge rules: custom event buses have a resource-based policy."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare

BUS = "AWS::Events::EventBus"


@declare(
    id="custom-eventbus-policy-attached",
    title="EventBridge custom event buses have a resource-based policy",
    resource_types=[BUS],
    reads=["configuration.Name", "configuration.Policy"],
    severity="low",
    rationale="A resource policy says exactly which accounts and services may put events on the bus.",
    remediation="aws events put-permission --event-bus-name B --policy file://policy.json",
)
def custom_eventbus_policy_attached(ci):
    """Reads configuration.Name ("default" is not a custom bus) and configuration.Policy."""
    name = ci.configuration.get("Name")
    if name is None:
        return insufficient_data("the event bus was not recorded")
    if name == "default":
        return not_applicable("the default event bus")
    if ci.configuration.get("Policy"):
        return compliant("a resource-based policy is attached")
    return non_compliant("no resource-based policy")
