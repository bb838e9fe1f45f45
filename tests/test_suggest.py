"""Did-you-mean suggestions, and the one-line errors that carry them."""

from __future__ import annotations

import pytest

from compliance.suggest import closest, did_you_mean


def test_closest_names_by_similarity_and_by_containment():
    assert closest("s3-bucket-ssl-request-only", ["s3-bucket-ssl-requests-only", "restricted-ssh"]) == [
        "s3-bucket-ssl-requests-only"
    ]
    assert closest("cis", ["cis-aws-foundations-3.0", "pci-dss-3.2.1"]) == ["cis-aws-foundations-3.0"]
    assert closest("s4", ["s3", "sns", "iam"])[0] == "s3"
    assert closest("zzzz", ["s3", "iam"]) == []


def test_did_you_mean_wording():
    assert did_you_mean("jsn", ["json", "html"]) == "; did you mean 'json'?"
    assert did_you_mean("x", []) == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("rules", "show", "s3-bucket-ssl-request-only"),
            "unknown rule 's3-bucket-ssl-request-only'; did you mean 's3-bucket-ssl-requests-only'?",
        ),
        (("rules", "list", "--pack", "cis"), "unknown pack 'cis'; did you mean 'cis-aws-foundations-"),
        (("scan", "--snapshot", "{example}", "-f", "jsn"), "--format: unknown format 'jsn'; did you mean 'json'"),
        (
            ("scan", "--snapshot", "{example}", "--fail-on", "hgh"),
            "--fail-on: unknown value 'hgh'; did you mean 'high'?",
        ),
        (("scan", "--demo", "--services", "s4"), "--services: unknown service 's4'; did you mean 's3'"),
        (("scan", "--demo", "--regions", "us-east-2"), "not 'us-east-2'; did you mean 'us-east-1'?"),
        (
            ("scan", "--snapshot", "{example}", "--param", "s3-bucket-versioning-enabled.isMfaDelete=true"),
            "--param s3-bucket-versioning-enabled.isMfaDelete: rule s3-bucket-versioning-enabled has no parameter"
            " 'isMfaDelete'; did you mean 'isMfaDeleteEnabled'?",
        ),
        (("--plugin", "nonexist.py", "rules", "list"), "plugin nonexist.py: no such file"),
    ],
)
def test_cli_errors_suggest_and_name_what_was_given(run_cli, example_snapshot_path, args, expected):
    code, out, err = run_cli(*(a.format(example=example_snapshot_path) for a in args))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("compliance: error: ")  # one prefix, one line
    assert expected in lines[0]
    words = lines[0].split()
    assert all(a != b for a, b in zip(words, words[1:], strict=False))  # no repeated words
    message = lines[0].removeprefix("compliance: error: ")
    subject = message.split(": ")[0] + ": "
    assert message.count(subject) <= 1  # "plugin x.py: plugin x.py: ..." said it twice
