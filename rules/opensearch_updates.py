"""OpenSearch rules on service software updates."""

from __future__ import annotations

from ._checks import setting
from ._util import is_false
from .opensearch import DOMAIN

opensearch_update_check = setting(
    id="opensearch-update-check",
    title="OpenSearch domains run the latest service software",
    resource_types=[DOMAIN],
    path="configuration.ServiceSoftwareOptions.UpdateAvailable",
    passes=is_false,
    failing="a service software update is available",
    passing="the service software is current",
    severity="low",
    rationale="Service software updates carry security fixes for the domain's engine.",
    remediation="aws opensearch start-service-software-update --domain-name D",
)
