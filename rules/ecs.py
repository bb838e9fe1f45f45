"""ECS rules: task definitions (host mode, PID mode, privileges, read-only roots, secrets, logging),
services and task sets (public IPs, Fargate platform versions) and clusters (Container Insights)."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare, setting
from ._util import as_bool, as_list

TASK_DEFINITION = "AWS::ECS::TaskDefinition"
SERVICE = "AWS::ECS::Service"
CONTAINERS = "configuration.ContainerDefinitions"
STATUS = "configuration.Status"


def _task_rule(id, title, severity, rationale, remediation, container_fails, failing, passing, extra_reads=(),
               parameters=None, applies=None):  # fmt: skip
    """A rule failing a task definition when ``container_fails(container, params)`` holds for one of its containers."""

    def check(ci, params):
        containers = ci.get(CONTAINERS)
        if containers is None:
            return insufficient_data("the container definitions were not recorded")
        if str(ci.configuration.get("Status", "ACTIVE")).upper() == "INACTIVE":
            return not_applicable("the task definition revision is inactive")
        if applies is not None and (reason := applies(ci)):
            return not_applicable(reason)
        bad = [c.get("Name", "?") for c in as_list(containers) if container_fails(c, params)]
        if bad:
            return non_compliant(f"{failing}: {', '.join(bad)}")
        return compliant(passing)

    check.__doc__ = f"Reads each container of {CONTAINERS} ({failing})."
    return declare(
        id=id, title=title, resource_types=[TASK_DEFINITION], reads=[CONTAINERS, STATUS, *extra_reads],
        severity=severity, parameters=parameters, rationale=rationale, remediation=remediation,
    )(check)  # fmt: skip


def _root(container):
    return str(container.get("User") or "root").split(":")[0] in ("root", "0")


ecs_task_definition_user_for_host_mode_check = _task_rule(
    "ecs-task-definition-user-for-host-mode-check", "ECS task definitions in host network mode do not run as root "
    "unprivileged", "high",
    "In host network mode a container shares the host's network stack; running it as root widens what it can touch.",
    "Register a revision with a non-root User (or, where needed, privileged set explicitly) for each container.",
    lambda c, params: not as_bool(c.get("Privileged")) and _root(c),
    "containers run as root in host network mode", "containers in host mode run as non-root users",
    extra_reads=["configuration.NetworkMode"],
    parameters={"SkipInactiveTaskDefinitions": Param(bool, True, "Skip inactive revisions")},
    applies=lambda ci: None if ci.configuration.get("NetworkMode") == "host" else "not in host network mode",
)  # fmt: skip
ecs_containers_nonprivileged = _task_rule(
    "ecs-containers-nonprivileged", "ECS containers run without elevated privileges", "high",
    "A privileged container has root on the host: a compromise of the container is a compromise of the host.",
    "Register a revision without privileged: true and update the services using it.",
    lambda c, params: as_bool(c.get("Privileged")) is True, "privileged containers", "no privileged container",
)  # fmt: skip
ecs_containers_readonly_access = _task_rule(
    "ecs-containers-readonly-access", "ECS containers have read-only root file systems", "high",
    "A read-only root stops an intruder from changing binaries or dropping tools into the container.",
    "Register a revision with readonlyRootFilesystem: true (and volumes for what must be written).",
    lambda c, params: as_bool(c.get("ReadonlyRootFilesystem")) is not True, "writable root file systems",
    "every root file system is read-only",
)  # fmt: skip
ecs_no_environment_secrets = _task_rule(
    "ecs-no-environment-secrets", "ECS container environment variables hold no credentials", "high",
    "Environment variables show in the console, the API and logs; credentials belong in Secrets Manager.",
    "Move the values to Secrets Manager or Parameter Store and reference them with secrets/valueFrom.",
    lambda c, params: any(e.get("Name") in params["secretKeys"] for e in as_list(c.get("Environment"))),
    "credentials in environment variables", "no credential in environment variables",
    parameters={"secretKeys": Param(list, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"],
                                    "Variable names that must not be set")},
)  # fmt: skip
ecs_task_definition_log_configuration = _task_rule(
    "ecs-task-definition-log-configuration", "ECS task definitions configure logging for every container", "high",
    "Without a log driver the containers' output is lost when the task stops.",
    "Register a revision with a logConfiguration (awslogs, firelens, ...) for each container.",
    lambda c, params: not (c.get("LogConfiguration") or {}).get("LogDriver"), "containers without logging",
    "every container logs",
)  # fmt: skip
@declare(
    id="ecs-task-definition-pid-mode-check",
    title="ECS task definitions do not share the host's process namespace",
    resource_types=[TASK_DEFINITION],
    reads=[CONTAINERS, "configuration.PidMode"],
    severity="high",
    rationale="With pidMode host, containers see and can signal every process on the host.",
    remediation="Register a revision without pidMode host and update the services using it.",
)
def ecs_task_definition_pid_mode_check(ci):
    """Reads configuration.PidMode (absent: each task has its own namespace)."""
    if ci.get(CONTAINERS) is None:
        return insufficient_data("the task definition was not recorded")
    if ci.configuration.get("PidMode") == "host":
        return non_compliant("pidMode is host")
    return compliant("the task has its own process namespace")


def _public_ip(id, title, resource_type, path):
    @declare(
        id=id,
        title=title,
        resource_types=[resource_type],
        reads=[path, "configuration.LaunchType"],
        severity="high",
        rationale="A public IP makes each task reachable from the internet whenever a security group allows it.",
        remediation="Update the service (or create a new task set) with assignPublicIp=DISABLED in its awsvpc "
        "configuration, behind a load balancer or NAT.",
    )
    def check(ci):
        value = ci.get(path)
        if value is None:
            if ci.configuration.get("LaunchType") and not ci.get("configuration.NetworkConfiguration"):
                return not_applicable("no awsvpc network configuration")
            return insufficient_data(f"{path} was not recorded")
        if str(value).upper() == "ENABLED":
            return non_compliant("tasks get a public IP address")
        return compliant("no public IP address")

    return check


ecs_service_assign_public_ip_disabled = _public_ip(
    "ecs-service-assign-public-ip-disabled", "ECS services do not assign public IP addresses", SERVICE,
    "configuration.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp",
)  # fmt: skip
ecs_taskset_assign_public_ip_disabled = _public_ip(
    "ecs-taskset-assign-public-ip-disabled", "ECS task sets do not assign public IP addresses", "AWS::ECS::TaskSet",
    "configuration.NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp",
)  # fmt: skip


def _version(value):
    return tuple(int(p) for p in str(value).split(".") if p.isdigit())


@declare(
    id="ecs-fargate-latest-platform-version",
    title="ECS Fargate services run on the latest platform version",
    resource_types=[SERVICE],
    reads=["configuration.LaunchType", "configuration.PlatformVersion", "configuration.PlatformFamily"],
    severity="medium",
    parameters={
        "latestLinuxVersion": Param(str, "1.4.0", "Latest Linux platform version"),
        "latestWindowsVersion": Param(str, "1.0.0", "Latest Windows platform version"),
    },
    rationale="Platform versions bring the kernel and runtime patches; old ones miss them.",
    remediation="aws ecs update-service --cluster C --service S --platform-version LATEST --force-new-deployment",
)
def ecs_fargate_latest_platform_version(ci, params):
    """Reads configuration.LaunchType and PlatformVersion ("LATEST" or a version number)."""
    launch = ci.configuration.get("LaunchType")
    if launch is None:
        return insufficient_data("configuration.LaunchType was not recorded")
    if str(launch).upper() != "FARGATE":
        return not_applicable(f"launch type {launch}")
    version = ci.configuration.get("PlatformVersion")
    if version is None:
        return insufficient_data("configuration.PlatformVersion was not recorded")
    windows = "WINDOWS" in str(ci.configuration.get("PlatformFamily") or "").upper()
    latest = params["latestWindowsVersion" if windows else "latestLinuxVersion"]
    if str(version).upper() == "LATEST" or _version(version) >= _version(latest):
        return compliant(f"platform version {version}")
    return non_compliant(f"platform version {version} is older than {latest}")


ecs_container_insights_enabled = setting(
    id="ecs-container-insights-enabled",
    title="ECS clusters use Container Insights",
    resource_types=["AWS::ECS::Cluster"],
    path="configuration.ClusterSettings",
    passes=lambda value, params: any(
        s.get("Name") == "containerInsights" and str(s.get("Value")).lower() in ("enabled", "enhanced")
        for s in as_list(value)
    ),
    failing="Container Insights is off",
    passing="Container Insights is on",
    severity="medium",
    rationale="Container Insights collects the task and service metrics that show failures and resource exhaustion.",
    remediation="aws ecs update-cluster-settings --cluster C --settings name=containerInsights,value=enabled",
)
