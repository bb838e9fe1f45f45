"""Lambda rules: resource policies, runtimes. (Module named awslambda: 'lambda' is a keyword.)"""

from __future__ import annotations

from compliance.rule import Param, compliant, insufficient_data, non_compliant, not_applicable, rule

from ._util import is_public_statement, policy_document, statements

FUNCTION = "AWS::Lambda::Function"

SUPPORTED_RUNTIMES = [
    "nodejs18.x", "nodejs20.x", "nodejs22.x",
    "python3.9", "python3.10", "python3.11", "python3.12", "python3.13",
    "java8.al2", "java11", "java17", "java21",
    "dotnet8", "ruby3.2", "ruby3.3", "provided.al2", "provided.al2023",
]  # fmt: skip


@rule(
    id="lambda-function-public-access-prohibited",
    title="Lambda function policies do not allow public invocation",
    resource_types=[FUNCTION],
    severity="critical",
    rationale="A public function can be invoked by anyone, running your code and your bill.",
    remediation="aws lambda remove-permission --function-name FN --statement-id SID (for the public statement).",
    reads=["supplementaryConfiguration.Policy"],
)
def lambda_function_public_access_prohibited(ci):
    """Reads supplementaryConfiguration.Policy (the resource policy; null when there is none)."""
    if "Policy" not in ci.supplementaryConfiguration:
        return insufficient_data("the function's resource policy was not recorded")
    text = ci.supplementaryConfiguration["Policy"]
    if not text:
        return compliant("the function has no resource policy")
    document = policy_document(text)
    if document is None:
        return insufficient_data("the resource policy could not be read")
    public = [s.get("Sid", "?") for s in statements(document) if is_public_statement(s)]
    if public:
        return non_compliant("public statement(s): " + ", ".join(public))
    return compliant("no public statement")


@rule(
    id="lambda-function-settings-check",
    title="Lambda functions use a supported runtime",
    resource_types=[FUNCTION],
    severity="medium",
    parameters={"runtime": Param(list, SUPPORTED_RUNTIMES, "Allowed runtimes")},
    rationale="Deprecated runtimes stop receiving security patches.",
    remediation="Update the function's code and configuration to a supported runtime.",
    reads=["configuration.packageType", "configuration.runtime"],
)
def lambda_function_settings_check(ci, params):
    """Reads configuration.runtime; container-image functions are NOT_APPLICABLE."""
    if ci.configuration.get("packageType") == "Image":
        return not_applicable("a container image function")
    runtime = ci.configuration.get("runtime")
    if runtime is None:
        return insufficient_data("the runtime was not recorded")
    if runtime in params["runtime"]:
        return compliant(f"runtime {runtime}")
    return non_compliant(f"runtime {runtime} is not in the allowed list")
