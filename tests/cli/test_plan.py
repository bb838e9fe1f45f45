"""``--plan``, ``collect --resource`` and ``permissions --pack`` from the command line, on the demo."""

from __future__ import annotations

import json
import re


def test_scan_plan_prints_the_cis_calls_and_reads_nothing_else(run_cli):
    code, out, _ = run_cli("scan", "--demo", "--pack", "cis-aws-foundations-3.0", "--plan")
    assert code == 0
    s3 = [line for line in out.splitlines() if line.startswith("s3 ") and "us-east-1" in line]
    buckets = re.search(r"GetBucketVersioning x(\d+)", s3[0]) if s3 else None
    assert buckets and f"GetBucketPolicy x{buckets[1]}" in s3[0]  # each us-east-1 bucket read once per call
    assert "GetBucketLifecycleConfiguration" not in s3[0]
    assert "ListBuckets" in s3[0] and "GetResources" not in s3[0]
    assert re.search(r"^s3 \(looked up\) .* GetBucketLogging", out, re.M)  # only the trail's bucket
    assert "lambda" not in out and "sagemaker" not in out
    assert re.search(r"^total: about \d+ requests$", out, re.M)


def test_collect_plan_reads_everything(run_cli):
    code, out, _ = run_cli("collect", "--demo", "--plan")
    assert code == 0
    assert "everything (no rule selection)" in out
    buckets = re.search(r"^s3 +us-east-1 .*GetBucketVersioning x(\d+)", out, re.M)
    assert buckets and f"GetBucketLifecycleConfiguration x{buckets[1]}" in out and "lambda" in out


def test_collect_one_bucket(run_cli, tmp_path):
    path = tmp_path / "one.json"
    code, _, err = run_cli("collect", "--demo", "--resource", "arn:aws:s3:::demo-public-website", "-o", str(path))
    assert code == 0, err
    items = json.loads(path.read_text())["configurationItems"]
    assert [(i["resourceType"], i["resourceId"]) for i in items] == [("AWS::S3::Bucket", "demo-public-website")]
    assert "BucketLifecycleConfiguration" in items[0]["supplementaryConfiguration"]


def test_collect_an_unknown_resource_is_an_input_error(run_cli):
    code, _, err = run_cli("collect", "--demo", "--resource", "arn:aws:s3:::no-such-demo-bucket")
    assert code == 2 and "none of arn:aws:s3:::no-such-demo-bucket was found" in err


def test_permissions_per_pack_are_the_planned_calls_only(run_cli):
    code, out, _ = run_cli("permissions", "--pack", "cis-aws-foundations-3.0")
    assert code == 0
    cis = set(json.loads(out)["Statement"][0]["Action"])
    code, out, _ = run_cli("permissions")
    everything = set(json.loads(out)["Statement"][0]["Action"])
    assert {"s3:GetBucketPolicy", "s3:GetBucketVersioning", "s3:GetBucketLogging"} <= cis < everything
    assert "s3:GetLifecycleConfiguration" in everything - cis
    assert "lambda:ListFunctions" in everything - cis
