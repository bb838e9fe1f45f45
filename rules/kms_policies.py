"""KMS key policy rules: no public access."""

from __future__ import annotations

from compliance.rule import compliant, insufficient_data, non_compliant, not_applicable

from ._checks import declare
from ._util import is_public_statement, policy_document, statements
from .kms import KEY


@declare(
    id="kms-key-policy-no-public-access",
    title="KMS key policies do not allow public access",
    resource_types=[KEY],
    reads=["supplementaryConfiguration.KeyPolicy", "configuration.keyManager"],
    severity="critical",
    rationale="A public key policy lets any AWS account use, or manage, the key.",
    remediation="aws kms put-key-policy --key-id K --policy-name default --policy file://policy.json (name "
    "principals, or add kms:CallerAccount / aws:PrincipalOrgID conditions)",
)
def kms_key_policy_no_public_access(ci):
    """Reads supplementaryConfiguration.KeyPolicy of customer managed keys."""
    if ci.configuration.get("keyManager") == "AWS":
        return not_applicable("an AWS managed key")
    raw = ci.supplementaryConfiguration.get("KeyPolicy")
    if raw is None:
        return insufficient_data("the key policy was not recorded")
    document = policy_document(raw)
    if document is None:
        return insufficient_data("the key policy could not be read")
    public = [s.get("Sid", "?") for s in statements(document) if _public(s)]
    if public:
        return non_compliant(f"the key policy allows public access (statements {', '.join(public)})")
    return compliant("the key policy allows no public access")


def _public(statement):
    if not is_public_statement(statement):
        return False
    conditions = statement.get("Condition") or {}
    keys = {k.lower() for block in conditions.values() if isinstance(block, dict) for k in block}
    return not keys & {"kms:calleraccount", "kms:viaservice"}
