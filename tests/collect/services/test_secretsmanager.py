from datetime import UTC, datetime

import boto3
import pytest
from collecting import run
from moto import mock_aws
from moto_rules import rotation_function

from compliance.collect.services.secretsmanager import COLLECTORS, SECRET, rotation_on_schedule

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


@mock_aws
def test_rotation_on_schedule_is_derived_for_rotating_secrets_only():
    _secrets()
    items, _ = run(SECRETS_MANAGER)
    by_name = {i.resourceName: i for i in items if i.resourceType == SECRET}
    assert by_name["rotating"].get("configuration.RotationOccurringAsScheduled") is True
    assert "RotationOccurringAsScheduled" not in by_name["static"].configuration


NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ({"NextRotationDate": "2026-06-01T00:00:00+00:00"}, True),  # due today: inside the day's window
        ({"NextRotationDate": "2026-05-30T00:00:00+00:00"}, False),  # the scheduled day passed unrotated
        ({"NextRotationDate": datetime(2026, 6, 1, 9, tzinfo=UTC), "RotationRules": {"RotationDuration": "2h"}},
         False),  # fmt: skip
        ({"NextRotationDate": "2026-06-01T11:00:00", "RotationRules": {"RotationDuration": "2h"}}, True),
        ({"LastRotatedDate": "2026-05-20T00:00:00+00:00", "RotationRules": {"AutomaticallyAfterDays": 7}}, False),
        ({"CreatedDate": "2026-05-20T00:00:00+00:00", "RotationRules": {"AutomaticallyAfterDays": 30}}, True),
        ({"RotationRules": {"AutomaticallyAfterDays": 30}}, None),  # no date to count from
        ({"LastRotatedDate": "2026-05-20T00:00:00+00:00", "RotationRules": {}}, None),
        ({"NextRotationDate": "soon"}, None),
    ],
)
def test_rotation_on_schedule(secret, expected):
    assert rotation_on_schedule(secret, NOW) is expected
