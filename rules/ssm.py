"""Systems Manager rules: instances managed by SSM, their patch and association compliance."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable, rule

INSTANCE = "AWS::EC2::Instance"
INVENTORY = "AWS::SSM::ManagedInstanceInventory"


@rule(
    id="ec2-instance-managed-by-systems-manager",
    title="EC2 instances are managed by Systems Manager",
    resource_types=[INSTANCE],
    severity="medium",
    rationale="SSM-managed instances can be patched, inventoried and reached without open SSH ports.",
    remediation="Install and run the SSM Agent and give the instance a role with AmazonSSMManagedInstanceCore.",
    reads={"AWS::EC2::Instance": ["configuration.state"], "AWS::SSM::ManagedInstanceInventory": []},
)
def ec2_instance_managed_by_systems_manager(ci, snapshot):
    """Looks for an AWS::SSM::ManagedInstanceInventory item of the instance (its resourceId, or
    configuration["AWS:InstanceInformation"].Content keyed by instance id, as Config records it)."""
    state = str((ci.configuration.get("state") or {}).get("name", "running"))
    if state in ("terminated", "shutting-down"):
        return not_applicable(f"the instance is {state}")
    if not snapshot.has_data(INVENTORY, ci.awsRegion):
        return insufficient_data("SSM managed instances were not collected in this region")
    inventory = next(
        (
            item
            for item in snapshot.of_type(INVENTORY, ci.awsRegion)
            if item.resourceId == ci.resourceId
            or ci.resourceId in ((item.configuration.get("AWS:InstanceInformation") or {}).get("Content") or {})
        ),
        None,
    )
    if inventory is None:
        return non_compliant("the instance is not managed by Systems Manager")
    return compliant("managed by Systems Manager")


def _compliance_rule(resource_type: str, what: str):
    def check(ci):
        status = ci.configuration.get("Status") or ci.configuration.get("status")
        if status is None:
            return insufficient_data(f"the {what} compliance status was not recorded")
        if str(status).upper() == "COMPLIANT":
            return compliant(f"{what} compliant")
        count = (ci.configuration.get("NonCompliantSummary") or {}).get("NonCompliantCount")
        return non_compliant(f"{what} status {status}" + (f" ({count} non-compliant items)" if count else ""))

    check.__doc__ = f"Reads configuration.Status of the instance's {resource_type} item."
    return check


ec2_managedinstance_patch_compliance_status_check = rule(
    id="ec2-managedinstance-patch-compliance-status-check",
    title="SSM-managed instances are patch compliant",
    resource_types=["AWS::SSM::PatchCompliance"],
    severity="high",
    rationale="Missing patches are the most common way in.",
    remediation="Run AWS-RunPatchBaseline with Operation=Install on the instance (Patch Manager).",
    reads=["configuration.NonCompliantSummary", "configuration.Status", "configuration.status"],
)(_compliance_rule("AWS::SSM::PatchCompliance", "patch"))

ec2_managedinstance_association_compliance_status_check = rule(
    id="ec2-managedinstance-association-compliance-status-check",
    title="SSM-managed instances are association compliant",
    resource_types=["AWS::SSM::AssociationCompliance"],
    severity="low",
    rationale="A failed association means the configuration it enforces is not in place.",
    remediation="Look at the failed association's output, fix it and re-run it (State Manager).",
    reads=["configuration.NonCompliantSummary", "configuration.Status", "configuration.status"],
)(_compliance_rule("AWS::SSM::AssociationCompliance", "association"))
