import boto3
from collecting import run
from moto import mock_aws
from moto_rules import rotation_function

from compliance.collect.services.secretsmanager import COLLECTORS, SECRET

SECRETS_MANAGER = COLLECTORS[0]


def _secrets() -> dict[str, str]:
    sm = boto3.client("secretsmanager", region_name="us-east-1")
    LAMBDA = rotation_function(boto3.Session(region_name="us-east-1"), "us-east-1")
    rotating = sm.create_secret(Name="rotating", SecretString="hunter2-rotating", KmsKeyId="alias/app")["ARN"]
    sm.rotate_secret(SecretId=rotating, RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30},
                     RotateImmediately=False)  # fmt: skip
    static = sm.create_secret(Name="static", SecretString="hunter2-static", Tags=[{"Key": "team", "Value": "a"}])
    return {"rotating": rotating, "static": static["ARN"]}


@mock_aws
def test_secrets_in_config_spelling_without_their_values():
    arns = _secrets()
    items, errors = run(SECRETS_MANAGER)
    assert errors == []
    by_name = {i.resourceName: i for i in items if i.resourceType == SECRET}
    rotating, static = by_name["rotating"], by_name["static"]
    assert (rotating.resourceId, rotating.arn) == (arns["rotating"], arns["rotating"])
    assert rotating.get("configuration.RotationEnabled") is True
    assert rotating.get("configuration.RotationRules.AutomaticallyAfterDays") == 30
    assert rotating.get("configuration.KMSKeyId") == "alias/app"
    assert rotating.get("configuration.CreatedDate")
    assert static.get("configuration.RotationEnabled") is False
    assert static.tags == {"team": "a"}
    assert "hunter2" not in repr([i.configuration for i in items])
    assert "secretsmanager:GetSecretValue" not in {c.action for c in SECRETS_MANAGER.calls}


@mock_aws
def test_denied_list_is_a_collection_error():
    _secrets()
    items, errors = run(SECRETS_MANAGER, deny={"secretsmanager": ["ListSecrets"]})
    assert [e.api for e in errors] == ["ListSecrets"]
    assert items == []
