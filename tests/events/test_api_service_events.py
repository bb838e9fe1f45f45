"""CloudTrail events of API Gateway, AppSync, EventBridge and Athena mapped to the resources they change."""

from __future__ import annotations

import pytest

from compliance.events import resolve
from compliance.events.load import EventRecord
from tests.events.records import cloudtrail


def _changes(record):
    batch = resolve([EventRecord(record, "test:0")])
    return [(c.resource_type, c.ref, c.deleted) for c in batch.changes]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (cloudtrail("athena", "CreateWorkGroup", {"name": "w"}), [("AWS::Athena::WorkGroup", "w", False)]),
        (
            cloudtrail("athena", "UpdateWorkGroup", {"workGroup": "w", "configurationUpdates": {}}),
            [("AWS::Athena::WorkGroup", "w", False)],
        ),
        (cloudtrail("athena", "DeleteWorkGroup", {"workGroup": "w"}), [("AWS::Athena::WorkGroup", "w", True)]),
        (cloudtrail("events", "CreateEventBus", {"name": "b"}), [("AWS::Events::EventBus", "b", False)]),
        (cloudtrail("events", "DeleteEventBus", {"name": "b"}), [("AWS::Events::EventBus", "b", True)]),
        (
            cloudtrail("events", "PutPermission", {"eventBusName": "b", "policy": "{}"}),
            [("AWS::Events::EventBus", "b", False)],
        ),
        (cloudtrail("events", "RemovePermission", {"eventBusName": "b"}), [("AWS::Events::EventBus", "b", False)]),
        (
            cloudtrail("apigateway", "UpdateStage", {"restApiId": "a1", "stageName": "prod", "patch": {}}),
            [("AWS::ApiGateway::Stage", "arn:aws:apigateway:us-east-1::/restapis/a1/stages/prod", False)],
        ),
        (
            cloudtrail("apigateway", "CreateStage", {"restApiId": "a1", "createStageInput": {"stageName": "dev"}}),
            [("AWS::ApiGateway::Stage", "arn:aws:apigateway:us-east-1::/restapis/a1/stages/dev", False)],
        ),
        (
            cloudtrail(
                "apigateway", "CreateDeployment", {"restApiId": "a1", "createDeploymentInput": {"stageName": "b"}}
            ),
            [("AWS::ApiGateway::Stage", "arn:aws:apigateway:us-east-1::/restapis/a1/stages/b", False)],
        ),
        (
            cloudtrail("apigateway", "DeleteStage", {"restApiId": "a1", "stageName": "old"}, region="eu-west-1"),
            [("AWS::ApiGateway::Stage", "arn:aws:apigateway:eu-west-1::/restapis/a1/stages/old", True)],
        ),
        (
            cloudtrail("apigateway", "UpdateStage", {"apiId": "h1", "stageName": "live", "accessLogSettings": {}}),
            [("AWS::ApiGatewayV2::Stage", "arn:aws:apigateway:us-east-1::/apis/h1/stages/live", False)],
        ),
        (
            cloudtrail("apigateway", "DeleteStage", {"apiId": "h1", "stageName": "draft"}),
            [("AWS::ApiGatewayV2::Stage", "arn:aws:apigateway:us-east-1::/apis/h1/stages/draft", True)],
        ),
        (
            cloudtrail("apigateway", "CreateRoute", {"apiId": "h1", "routeKey": "GET /x"}, {"routeId": "r1"}),
            [("AWS::ApiGatewayV2::Route", "arn:aws:apigateway:us-east-1::/apis/h1/routes/r1", False)],
        ),
        (
            cloudtrail("apigateway", "UpdateRoute", {"apiId": "h1", "routeId": "r1", "authorizationType": "JWT"}),
            [("AWS::ApiGatewayV2::Route", "arn:aws:apigateway:us-east-1::/apis/h1/routes/r1", False)],
        ),
        (
            cloudtrail("apigateway", "DeleteRoute", {"apiId": "h1", "routeId": "r1"}),
            [("AWS::ApiGatewayV2::Route", "arn:aws:apigateway:us-east-1::/apis/h1/routes/r1", True)],
        ),
        (
            cloudtrail("appsync", "CreateGraphqlApi", {"name": "g"}, {"graphqlApi": {"apiId": "g1"}}),
            [("AWS::AppSync::GraphQLApi", "g1", False)],
        ),
        (
            cloudtrail("appsync", "UpdateGraphqlApi", {"apiId": "g1", "logConfig": {}}),
            [("AWS::AppSync::GraphQLApi", "g1", False)],
        ),
        (
            cloudtrail("appsync", "DeleteApiCache", {"apiId": "g1"}),
            [("AWS::AppSync::GraphQLApi", "g1", False), ("AWS::AppSync::ApiCache", "g1", True)],
        ),
    ],
)
def test_write_calls_map_to_their_resources(record, expected):
    assert _changes(record) == expected


def test_a_deployment_without_a_stage_changes_no_stage():
    batch = resolve([EventRecord(cloudtrail("apigateway", "CreateDeployment", {"restApiId": "a1"}), "test:0")])
    assert batch.changes == []
