"""Remediation: plan the exact API calls that fix failing resources, apply them only when told
to, verify by re-collecting and re-evaluating, and audit every step.

See :mod:`compliance.remediate.base` for the contract a remediation plugin implements and
:mod:`compliance.remediate.engine` for the run itself.
"""

from compliance.remediate.audit import Auditor, AuditSink, JsonlAuditLog, open_audit_log
from compliance.remediate.base import (
    ApiCall,
    ApplyError,
    CannotRemediate,
    Remediation,
    remediation,
    remediation_policy,
    remediations_in,
)
from compliance.remediate.config import RemediationConfig, load_config
from compliance.remediate.engine import (
    Action,
    RemediationRun,
    execute,
    plan_actions,
    record_plan,
    remediate_automatically,
)
from compliance.remediate.recollect import CollectorRecollector, Recollected, Recollector
from compliance.remediate.safety import Exclusions

__all__ = [
    "Action",
    "ApiCall",
    "ApplyError",
    "AuditSink",
    "Auditor",
    "CannotRemediate",
    "CollectorRecollector",
    "Exclusions",
    "JsonlAuditLog",
    "Recollected",
    "Recollector",
    "Remediation",
    "RemediationConfig",
    "RemediationRun",
    "execute",
    "load_config",
    "open_audit_log",
    "plan_actions",
    "record_plan",
    "remediate_automatically",
    "remediation",
    "remediation_policy",
    "remediations_in",
]
