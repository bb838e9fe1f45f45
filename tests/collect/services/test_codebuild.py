import boto3
from collecting import context, dumped, one, run, stubbed
from moto import mock_aws

from compliance.collect.helpers import REDACTED
from compliance.collect.services.codebuild import COLLECTORS, PROJECT

CODEBUILD = COLLECTORS[0]
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REPO_TOKEN = "x-token-auth:9f8e7d6c5b4a"
ROLE = "arn:aws:iam::123456789012:role/codebuild-role"


def _project(client, name, variables, privileged=False, location="https://github.com/org/repo.git"):
    client.create_project(
        name=name,
        source={"type": "GITHUB", "location": location},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
            "privilegedMode": privileged,
            "environmentVariables": variables,
        },
        serviceRole=ROLE,
        logsConfig={"cloudWatchLogs": {"status": "ENABLED"}},
    )


@mock_aws
def test_projects_with_redacted_plaintext_variables_and_source_credentials():
    client = boto3.client("codebuild", region_name="us-east-1")
    _project(
        client,
        "leaky",
        [
            {"name": "AWS_SECRET_ACCESS_KEY", "value": AWS_SECRET, "type": "PLAINTEXT"},
            {"name": "DB_PASSWORD", "value": "/prod/db/password", "type": "PARAMETER_STORE"},
        ],
        privileged=True,
        location=f"https://{REPO_TOKEN}@bitbucket.org/org/repo.git",
    )
    _project(client, "clean", [])

    items, errors = run(CODEBUILD)

    assert errors == []
    leaky = one(items, PROJECT, "leaky")
    variables = {v["name"]: v for v in leaky.configuration["environment"]["environmentVariables"]}
    assert variables["AWS_SECRET_ACCESS_KEY"]["type"] == "PLAINTEXT"
    assert variables["AWS_SECRET_ACCESS_KEY"]["value"].startswith(f"{REDACTED}:sha256:")
    assert variables["DB_PASSWORD"]["value"] == "/prod/db/password"  # a reference, not a secret
    assert leaky.configuration["environment"]["privilegedMode"] is True
    location = leaky.configuration["source"]["location"]
    assert location.startswith(f"https://{REDACTED}:sha256:") and location.endswith("@bitbucket.org/org/repo.git")
    assert leaky.configuration["logsConfig"]["cloudWatchLogs"]["status"] == "ENABLED"
    assert leaky.relationships[0].resourceName == "codebuild-role"
    assert one(items, PROJECT, "clean").configuration["source"]["location"] == "https://github.com/org/repo.git"
    text = dumped(items)
    assert AWS_SECRET not in text and "9f8e7d6c5b4a" not in text


def test_projects_fetched_in_batches_of_100():
    client, stub = stubbed("codebuild")
    names = [f"p{i}" for i in range(150)]
    stub.add_response("list_projects", {"projects": names})
    stub.add_response("batch_get_projects", {"projects": [{"name": n} for n in names[:100]]}, {"names": names[:100]})
    stub.add_response("batch_get_projects", {"projects": [{"name": n} for n in names[100:]]}, {"names": names[100:]})
    with stub:
        ctx = context(clients={"codebuild": client})
        items = list(CODEBUILD.collect(ctx))
    stub.assert_no_pending_responses()
    assert len(items) == 150 and ctx.errors == []


@mock_aws
def test_denied_batch_get_recorded():
    _project(boto3.client("codebuild", region_name="us-east-1"), "proj", [])
    items, errors = run(CODEBUILD, deny={"codebuild": ["BatchGetProjects"]})
    assert items == []
    assert [(e.api, e.resourceTypes) for e in errors] == [("BatchGetProjects", [PROJECT])]
