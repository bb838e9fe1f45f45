import boto3
from botocore.loaders import Loader

from compliance.collect.service_models import OrjsonFileLoader, use_fast_loader


def test_orjson_loader_reads_what_botocore_reads():
    plain, fast = Loader(), Loader(file_loader=OrjsonFileLoader())
    for service in ("ec2", "s3", "iam"):
        for kind in ("service-2", "paginators-1", "endpoint-rule-set-1"):  # .json and .json.gz files
            assert fast.load_service_model(service, kind) == plain.load_service_model(service, kind)
    assert fast.load_data("endpoints") == plain.load_data("endpoints")
    assert fast.file_loader.load_file("/nonexistent/model") is None


def test_sessions_use_it_and_clients_still_work():
    session = boto3.Session(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    use_fast_loader(session)
    assert isinstance(session._session.get_component("data_loader").file_loader, OrjsonFileLoader)
    client = session.client("sqs")
    assert client.can_paginate("list_queues") and "ListQueues" in client.meta.service_model.operation_names
