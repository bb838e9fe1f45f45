"""S3 directory buckets; moto 5.2.5 lacks ListDirectoryBuckets, so a Stubber answers in the API's real shape."""

from datetime import UTC, datetime

from collecting import access_denied, one, run, stubbed

from compliance.collect.services.s3express import COLLECTORS, DIRECTORY_BUCKET

S3EXPRESS = COLLECTORS[0]
KEPT, BARE, OTHER = "logs--use1-az4--x-s3", "scratch--use1-az4--x-s3", "eu--euw1-az1--x-s3"
WHEN = datetime(2026, 10, 1, tzinfo=UTC)


def _listing(stubber) -> None:
    stubber.add_response(
        "list_directory_buckets",
        {"Buckets": [{"Name": n, "CreationDate": WHEN, "BucketRegion": r} for n, r in
                     ((KEPT, "us-east-1"), (BARE, "us-east-1"), (OTHER, "eu-west-1"))]},
        {},
    )  # fmt: skip


def test_directory_buckets_with_and_without_lifecycle_rules():
    client, stubber = stubbed("s3")
    _listing(stubber)
    stubber.add_response(
        "get_bucket_lifecycle_configuration",
        {"Rules": [{"ID": "expire-logs", "Status": "Enabled", "Expiration": {"Days": 30},
                    "Filter": {"And": {"Prefix": "app/", "ObjectSizeGreaterThan": 1024}},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]},
        {"Bucket": KEPT},
    )  # fmt: skip
    stubber.add_client_error(
        "get_bucket_lifecycle_configuration", service_error_code="NoSuchLifecycleConfiguration", http_status_code=404,
        expected_params={"Bucket": BARE},
    )  # fmt: skip
    with stubber:
        items, errors = run(S3EXPRESS, clients={"s3": client})
    assert errors == []
    kept = one(items, DIRECTORY_BUCKET, KEPT)
    assert kept.arn == f"arn:aws:s3express:us-east-1:123456789012:bucket/{KEPT}"
    assert kept.configuration == {
        "BucketName": KEPT, "Arn": kept.arn,
        "LifecycleConfiguration": {"Rules": [{
            "Id": "expire-logs", "Status": "Enabled", "ExpirationInDays": 30, "Prefix": "app/",
            "ObjectSizeGreaterThan": "1024", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
        }]},
    }  # fmt: skip
    assert one(items, DIRECTORY_BUCKET, BARE).configuration == {"BucketName": BARE, "Arn": kept.arn.replace(KEPT, BARE)}
    assert OTHER not in {i.resourceId for i in items}  # another region's bucket


def test_a_denied_lifecycle_read_is_an_error_for_that_bucket():
    client, stubber = stubbed("s3")
    _listing(stubber)
    access_denied(stubber, "get_bucket_lifecycle_configuration")
    stubber.add_client_error(
        "get_bucket_lifecycle_configuration", service_error_code="NoSuchLifecycleConfiguration", http_status_code=404
    )
    with stubber:
        items, errors = run(S3EXPRESS, clients={"s3": client})
    assert [(e.api, e.resourceId) for e in errors] == [("GetBucketLifecycleConfiguration", KEPT)]
    assert "LifecycleConfiguration" not in one(items, DIRECTORY_BUCKET, KEPT).configuration


def test_an_empty_region_costs_one_request():
    client, stubber = stubbed("s3")
    stubber.add_response("list_directory_buckets", {"Buckets": []}, {})
    with stubber:
        items, errors = run(S3EXPRESS, clients={"s3": client})
    assert (items, errors) == ([], [])
    stubber.assert_no_pending_responses()


def test_general_purpose_buckets_in_the_answer_are_not_directory_buckets():
    # moto 5.2.5 answers ListDirectoryBuckets with the account's general purpose buckets
    client, stubber = stubbed("s3")
    stubber.add_response(
        "list_directory_buckets",
        {"Buckets": [{"Name": "website-assets", "CreationDate": WHEN}, {"Name": BARE, "CreationDate": WHEN}]},
        {},
    )
    stubber.add_client_error(
        "get_bucket_lifecycle_configuration", service_error_code="NoSuchLifecycleConfiguration", http_status_code=404,
        expected_params={"Bucket": BARE},
    )  # fmt: skip
    with stubber:
        items, errors = run(S3EXPRESS, clients={"s3": client})
    assert errors == [] and [i.resourceId for i in items] == [BARE]
    stubber.assert_no_pending_responses()
