"""AWS Config itself: a recorder is on in every region and uses the service-linked role."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import as_bool

RECORDER = "AWS::Config::ConfigurationRecorder"
SERVICE_LINKED_ROLE = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"


@rule(
    id="config-recorder-enabled",
    title="AWS Config records all supported resources in the region, using its service-linked role",
    resource_types=[RECORDER],
    scope="region",
    severity="critical",
    trigger="periodic",
    parameters={
        "includeConfigServiceLinkedRoleCheck": Param(bool, True, "Also require the AWSServiceRoleForConfig role"),
    },
    rationale="Config's history is the record auditors and responders rely on; a region without it is a blind spot.",
    remediation="Turn on AWS Config in the region (console quick setup or put-configuration-recorder with "
    "allSupported=true and the service-linked role, then start-configuration-recorder).",
    reads=["configuration.Name", "configuration.Recording", "configuration.RecordingGroup", "configuration.RoleARN"],
)
def config_recorder_enabled(snapshot, region, params):
    """No AWS Config managed rule (Security Hub Config.1). Reads the region's recorders:
    Recording, RecordingGroup.AllSupported and RoleARN."""
    recorders = snapshot.of_type(RECORDER, region)
    if not snapshot.has_data(RECORDER, region):
        return insufficient_data("configuration recorders were not collected in this region")
    if not recorders:
        return non_compliant("no configuration recorder in the region")
    problems = []
    for recorder in recorders:
        config = recorder.configuration
        name = config.get("Name") or recorder.resourceId
        if config.get("Recording") is None:
            return insufficient_data(f"recorder {name}: recording status not collected")
        if not as_bool(config.get("Recording")):
            problems.append(f"{name} is not recording")
        elif not as_bool((config.get("RecordingGroup") or {}).get("AllSupported")):
            problems.append(f"{name} does not record all supported resource types")
        elif params["includeConfigServiceLinkedRoleCheck"] and SERVICE_LINKED_ROLE not in str(config.get("RoleARN")):
            problems.append(f"{name} does not use the service-linked role")
        else:
            return compliant(f"{name} records all resources")
    return non_compliant("; ".join(problems))
