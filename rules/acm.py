"""ACM rules: certificate expiry and key strength."""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, rule

from ._util import days_since, property_rule

CERTIFICATE = "AWS::ACM::Certificate"


@rule(
    id="acm-certificate-expiration-check",
    title="ACM certificates are renewed before they expire",
    resource_types=[CERTIFICATE],
    severity="medium",
    trigger="periodic",
    parameters={"daysToExpiration": Param(int, 14, "Days before expiry that count as failing")},
    rationale="An expired certificate takes the service offline for every client that checks it.",
    remediation="Fix the domain validation that blocks managed renewal, or import a renewed certificate.",
    reads=["configuration.notAfter"],
)
def acm_certificate_expiration_check(ci, params):
    """Reads configuration.notAfter."""
    age = days_since(ci.configuration.get("notAfter"))
    if age is None:
        return insufficient_data("the certificate's expiry (notAfter) was not recorded")
    left = -age
    if left < params["daysToExpiration"]:
        return non_compliant(f"expires in {int(left)} days" if left >= 0 else f"expired {int(-left)} days ago")
    return compliant(f"{int(left)} days left")


acm_certificate_rsa_check = property_rule(
    id="acm-certificate-rsa-check",
    title="RSA certificates in ACM use keys of at least 2,048 bits",
    resource_types=[CERTIFICATE],
    path="configuration.keyAlgorithm",
    passes=lambda value, params: str(value).upper().replace("_", "-") != "RSA-1024",
    failing="key algorithm {value}",
    passing="key of adequate size",
    severity="high",
    rationale="1,024-bit RSA keys are within reach of well-funded attackers.",
    remediation="Request or import a certificate with RSA-2048 (or larger) or an ECDSA key and switch to it.",
)
