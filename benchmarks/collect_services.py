"""Request economy of the part-B service collectors: seed N resources per service in the
in-process simulator, collect each service once, and print requests sent, items produced and
requests per item (plus wall time). Figures only; nothing is asserted.

    python benchmarks/collect_services.py            # N = 40 per service
    python benchmarks/collect_services.py --per-service 100
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
import zipfile
from collections import Counter
from typing import Any

os.environ.update(
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",
    AWS_DEFAULT_REGION="us-east-1",
    MOTO_EC2_LOAD_DEFAULT_AMIS="false",
)
for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(_name, None)

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

from compliance.collect.base import CollectContext  # noqa: E402
from compliance.collect.services import cloudwatch, codebuild, kms, lambda_, rds, ssm  # noqa: E402

REGION = "us-east-1"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(e, c):\n    return 1\n")
    return buffer.getvalue()


def seed(session: Any, n: int) -> None:
    client = session.client
    key_client = client("kms", region_name=REGION)
    for i in range(n):
        key_client.create_key(Description=f"k{i}")
    sns = client("sns", region_name=REGION)
    for i in range(n):
        sns.subscribe(TopicArn=sns.create_topic(Name=f"t{i}")["TopicArn"], Protocol="email", Endpoint=f"a{i}@x.io")
    trust = {
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    }
    role = client("iam").create_role(RoleName="bench", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    fn = client("lambda", region_name=REGION)
    code = _zip()
    for i in range(n):
        fn.create_function(
            FunctionName=f"f{i}", Runtime="python3.12", Role=role, Handler="app.handler", Code={"ZipFile": code},
            Environment={"Variables": {"SECRET": f"s{i}"}},
        )  # fmt: skip
    cb = client("codebuild", region_name=REGION)
    for i in range(n):
        cb.create_project(
            name=f"proj{i}", source={"type": "GITHUB", "location": "https://github.com/o/r"},
            artifacts={"type": "NO_ARTIFACTS"}, serviceRole=role,
            environment={"type": "LINUX_CONTAINER", "image": "img", "computeType": "BUILD_GENERAL1_SMALL"},
        )  # fmt: skip
    db = client("rds", region_name=REGION)
    db.create_db_instance(
        DBInstanceIdentifier="db", DBInstanceClass="db.t3.micro", Engine="postgres", MasterUsername="u",
        MasterUserPassword="password123", AllocatedStorage=20,
    )  # fmt: skip
    for i in range(n):
        db.create_db_snapshot(DBInstanceIdentifier="db", DBSnapshotIdentifier=f"snap{i}")
    parameters = client("ssm", region_name=REGION)
    for i in range(n):
        parameters.put_parameter(Name=f"/p/{i}", Value="v", Type="SecureString")


def measure(session: Any, collector: Any) -> tuple[int, int, float, Counter]:
    calls: Counter = Counter()

    def record(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    def factory(service: str, region: str) -> Any:
        made = session.client(service, region_name=region)
        made.meta.events.register("before-parameter-build", record)
        return made

    ctx = CollectContext(session, "123456789012", REGION, "2026-01-01T00:00:00+00:00", client_factory=factory)
    started = time.perf_counter()
    items = list(collector.collect(ctx))
    return len(items), sum(calls.values()), time.perf_counter() - started, calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-service", type=int, default=40)
    n = parser.parse_args().per_service
    collectors = [
        kms.COLLECTORS[0], cloudwatch.COLLECTORS[2], lambda_.COLLECTORS[0], codebuild.COLLECTORS[0],
        rds.COLLECTORS[0], ssm.COLLECTORS[0],
    ]  # fmt: skip
    with mock_aws(config={"lambda": {"use_docker": False}}):
        session = boto3.Session(region_name=REGION)
        started = time.perf_counter()
        seed(session, n)
        print(f"seeded {n} resources per service in {time.perf_counter() - started:.1f} s")
        print(f"{'collector':<12} {'items':>6} {'requests':>9} {'req/item':>9} {'seconds':>8}  calls")
        for collector in collectors:
            items, requests, seconds, calls = measure(session, collector)
            per_item = requests / items if items else float("nan")
            detail = ", ".join(f"{name} {count}" for name, count in calls.most_common())
            print(f"{collector.name:<12} {items:>6} {requests:>9} {per_item:>9.2f} {seconds:>8.2f}  {detail}")


if __name__ == "__main__":
    main()
