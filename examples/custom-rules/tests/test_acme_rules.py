"""Testing a custom rule takes a few lines with the fixtures compliance.testing provides."""

from acme_compliance_rules import acme_s3_bucket_owner_tag

from compliance.testing import evaluate_rule, make_ci, states_by_resource


def test_owner_tag(config_item):
    tagged = config_item("AWS::S3::Bucket", "data", {"name": "data"}, tags={"owner": "payments"})
    untagged = make_ci("AWS::S3::Bucket", "scratch", {"name": "scratch"})
    states = states_by_resource(evaluate_rule(acme_s3_bucket_owner_tag, [tagged, untagged]))
    assert states == {"data": "COMPLIANT", "scratch": "NON_COMPLIANT"}


def test_owner_tag_on_a_simulated_account(simulated_account):
    s3 = simulated_account.session.client("s3")
    s3.create_bucket(Bucket="data")
    s3.put_bucket_tagging(Bucket="data", Tagging={"TagSet": [{"Key": "owner", "Value": "payments"}]})
    snapshot = simulated_account.collect(services=["s3"])
    assert states_by_resource(evaluate_rule(acme_s3_bucket_owner_tag, snapshot)) == {"data": "COMPLIANT"}
