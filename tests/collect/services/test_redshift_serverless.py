from datetime import UTC, datetime

from collecting import access_denied, context, one, run, stubbed

from compliance.collect.services.redshift_serverless import COLLECTORS, NAMESPACE, WORKGROUP

SERVERLESS = COLLECTORS[0]
NAMESPACE_ARN = "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/3b5e1c2d-0000-4000-8000-000000000001"
WORKGROUP_ARN = "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/7c1d2e3f-0000-4000-8000-000000000002"
CREATED = datetime(2026, 10, 1, tzinfo=UTC)
NAMESPACES = {"namespaces": [{
    "namespaceName": "analytics", "namespaceId": "3b5e1c2d-0000-4000-8000-000000000001", "namespaceArn": NAMESPACE_ARN,
    "adminUsername": "warehouse_admin", "dbName": "dev", "status": "AVAILABLE", "creationDate": CREATED,
    "logExports": ["userlog", "connectionlog"], "kmsKeyId": "AWS_OWNED_KMS_KEY",
    "adminPasswordSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift!analytics-admin-AbCdEf",
}]}  # fmt: skip
WORKGROUPS = {"workgroups": [{
    "workgroupName": "reports", "workgroupId": "7c1d2e3f-0000-4000-8000-000000000002", "workgroupArn": WORKGROUP_ARN,
    "namespaceName": "analytics", "baseCapacity": 8, "enhancedVpcRouting": True, "publiclyAccessible": False,
    "configParameters": [{"parameterKey": "require_ssl", "parameterValue": "true"}], "status": "AVAILABLE",
    "securityGroupIds": ["sg-1"], "subnetIds": ["subnet-1"], "port": 5439, "creationDate": CREATED,
}]}  # fmt: skip


def _stubbed(*responses):
    client, stubber = stubbed("redshift-serverless")
    for method, response in responses:
        if response is None:
            access_denied(stubber, method)
        else:
            stubber.add_response(method, response)
    return client, stubber


def test_namespaces_and_workgroups_in_config_spelling():
    client, stubber = _stubbed(("list_namespaces", NAMESPACES), ("list_workgroups", WORKGROUPS))
    with stubber:
        items, errors = run(SERVERLESS, clients={"redshift-serverless": client})
    assert errors == []
    namespace = one(items, NAMESPACE, "analytics")
    assert (namespace.arn, namespace.resourceName) == (NAMESPACE_ARN, "analytics")
    assert namespace.get("configuration.AdminUsername") == "warehouse_admin"
    assert namespace.get("configuration.LogExports") == ["userlog", "connectionlog"]
    assert namespace.get("configuration.CreationDate") == "2026-10-01T00:00:00+00:00"
    assert "Status" not in namespace.configuration
    workgroup = one(items, WORKGROUP, "reports")
    assert workgroup.arn == WORKGROUP_ARN
    assert workgroup.get("configuration.EnhancedVpcRouting") is True
    assert workgroup.get("configuration.PubliclyAccessible") is False
    assert workgroup.get("configuration.ConfigParameters") == [
        {"ParameterKey": "require_ssl", "ParameterValue": "true"}
    ]


def test_a_denied_listing_is_an_error_for_its_type_only():
    client, stubber = _stubbed(("list_namespaces", None), ("list_workgroups", WORKGROUPS))
    with stubber:
        items, errors = run(SERVERLESS, clients={"redshift-serverless": client})
    assert [(e.api, e.resourceTypes) for e in errors] == [("ListNamespaces", [NAMESPACE])]
    assert [i.resourceType for i in items] == [WORKGROUP]


def test_an_empty_region_costs_one_request_per_type():
    client, stubber = _stubbed(("list_namespaces", {"namespaces": []}), ("list_workgroups", {"workgroups": []}))
    with stubber:
        assert run(SERVERLESS, clients={"redshift-serverless": client}) == ([], [])
    stubber.assert_no_pending_responses()


def test_one_resource_by_arn_reads_only_its_type():
    client, stubber = _stubbed(("list_workgroups", WORKGROUPS), ("list_namespaces", NAMESPACES))
    with stubber:
        ctx = context(clients={"redshift-serverless": client})
        assert SERVERLESS.read_one(ctx, WORKGROUP_ARN).resourceId == "reports"
        assert SERVERLESS.read_one(ctx, NAMESPACE_ARN).resourceId == "analytics"
    stubber.assert_no_pending_responses()
