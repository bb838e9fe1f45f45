"""Items validated at the boundary, and an empty or thin snapshot never passing (issue #15).

Each case is one an adversarial run found: it scanned to exit 0, read as COMPLIANT, or ended
in "internal error". Now each is one line naming file, index and field (exit 2), an ERROR
evaluation with --skip-invalid, or INSUFFICIENT_DATA that fails the gate closed.
"""

from __future__ import annotations

import gzip
import json

import pytest

SG = "AWS::EC2::SecurityGroup"
ACCOUNT = "AWS::::Account"


def _clean_error(code: int, out: str, err: str, *fragments: str) -> str:
    assert code == 2, (out, err)
    assert "Traceback" not in err and "internal error" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def _password_account(length) -> dict:
    policy = {
        "minimumPasswordLength": length,
        "requireUppercaseCharacters": True,
        "requireLowercaseCharacters": True,
        "requireSymbols": True,
        "requireNumbers": True,
        "passwordReusePrevention": 24,
        "maxPasswordAge": 90,
    }
    return {
        "resourceType": ACCOUNT,
        "resourceId": "111122223333",
        "accountId": "111122223333",
        "awsRegion": "us-east-1",
        "configuration": {"passwordPolicy": policy},
    }


def _write(tmp_path, text: str, name: str = "snap.json"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _evaluations(out: str) -> list[dict]:
    return json.loads(out)["evaluations"]


@pytest.mark.parametrize("document", ['{"configurationItems": []}', "[]"])
def test_an_empty_snapshot_fails_the_gate_and_says_why(run_cli, tmp_path, document):
    path = _write(tmp_path, document)
    code, out, err = run_cli("scan", "--snapshot", path, "--rule", "restricted-ssh", "--format", "json")
    assert code == 1
    (only,) = _evaluations(out)
    assert only["complianceType"] == "INSUFFICIENT_DATA"
    assert "no configuration items at all" in only["annotation"]
    assert "insufficient data" in err
    code, _, _ = run_cli("scan", "--snapshot", path, "--rule", "restricted-ssh", "--allow-partial")
    assert code == 0


def test_a_thin_snapshot_is_incomplete_for_rules_whose_types_it_lacks(run_cli, tmp_path):
    bucket = {"resourceType": "AWS::S3::Bucket", "resourceId": "b", "accountId": "111122223333"}
    path = _write(tmp_path, json.dumps({"configurationItems": [bucket]}))
    code, out, _ = run_cli("scan", "--snapshot", path, "--rule", "restricted-ssh", "--format", "json")
    assert code == 1
    (only,) = _evaluations(out)
    assert (only["complianceType"], only["resourceId"]) == ("INSUFFICIENT_DATA", "*")
    assert f"no {SG} items and does not say that type was collected" in only["annotation"]
    # Saying the type was collected (and found none) is a complete answer.
    path = _write(tmp_path, json.dumps({"configurationItems": [bucket], "resourceTypesCollected": [SG]}))
    code, out, _ = run_cli("scan", "--snapshot", path, "--rule", "restricted-ssh", "--format", "json")
    assert (code, _evaluations(out)) == (0, [])


def test_null_configuration_is_insufficient_data_not_compliant(run_cli, tmp_path):
    group = {"resourceType": SG, "resourceId": "sg-1", "accountId": "111122223333", "configuration": None}
    path = _write(tmp_path, json.dumps({"configurationItems": [group], "resourceTypesCollected": [SG]}))
    code, out, _ = run_cli("scan", "--snapshot", path, "--rule", "restricted-ssh", "--format", "json")
    assert code == 1
    (only,) = _evaluations(out)
    assert only["complianceType"] == "INSUFFICIENT_DATA"
    assert "configuration is null" in only["annotation"]


def test_nan_is_refused_naming_file_index_and_field(run_cli, tmp_path):
    good = _password_account(8)
    text = json.dumps({"configurationItems": [good, _password_account(float("nan"))]})
    assert "NaN" in text
    path = _write(tmp_path, text)
    _clean_error(
        *run_cli("scan", "--snapshot", path, "--rule", "iam-password-policy"),
        "snap.json",
        "configurationItems[1].configuration.passwordPolicy.minimumPasswordLength",
        "not a finite number",
    )


def test_skip_invalid_reports_error_for_the_invalid_item(run_cli, tmp_path):
    bad = _password_account(float("nan"))
    bad["resourceId"] = "444455556666"
    bad["accountId"] = "444455556666"
    path = _write(tmp_path, json.dumps({"configurationItems": [_password_account(8), bad]}))
    code, out, err = run_cli(
        "scan", "--snapshot", path, "--rule", "iam-password-policy", "--skip-invalid", "--format", "json"
    )
    assert code == 1
    states = {e["resourceId"]: e for e in _evaluations(out)}
    assert states["111122223333"]["complianceType"] == "NON_COMPLIANT"  # the valid item is still evaluated
    assert states["444455556666"]["complianceType"] == "ERROR"
    assert "minimumPasswordLength: not a finite number" in states["444455556666"]["annotation"]


def test_a_wrong_type_where_a_rule_reads_is_insufficient_data_naming_the_path(run_cli, tmp_path):
    path = _write(tmp_path, json.dumps({"configurationItems": [_password_account("fourteen")]}))
    code, out, _ = run_cli("scan", "--snapshot", path, "--rule", "iam-password-policy", "--format", "json")
    assert code == 1
    (only,) = _evaluations(out)
    assert only["complianceType"] == "INSUFFICIENT_DATA"
    assert "configuration.passwordPolicy.minimumPasswordLength" in only["annotation"]
    assert "'fourteen' (str)" in only["annotation"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1e20", "time out of range"),
        ("NaN", "not a finite number"),
        ("Infinity", "not a finite number"),
        ('"yesterday"', "not an ISO-8601 time"),
        ('{"a": 1}', "expected a time"),
    ],
)
def test_capture_times_must_parse_and_be_in_range(run_cli, tmp_path, value, expected):
    text = (
        '{"configurationItems": [{"resourceType": "AWS::S3::Bucket", "resourceId": "b",'
        f' "configurationItemCaptureTime": {value}}}]}}'
    )
    _clean_error(*run_cli("scan", "--snapshot", _write(tmp_path, text)), "configurationItems[0]", expected)


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ('{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "configuration": [1]}', ".configuration"),
        (
            '{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "supplementaryConfiguration": 3}',
            ".supplementaryConfiguration",
        ),
        (
            '{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "tags": [{"key": {"a": 1}, "value": "x"}]}',
            ".tags[0].key",
        ),
        ('{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "tags": {"k": {"a": 1}}}', ".tags.k"),
        ('{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "awsRegion": 1.5}', ".awsRegion"),
        (
            '{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "relationships": [{"resourceType": "T",'
            ' "resourceId": 7}]}',
            ".relationships[0].resourceId",
        ),
    ],
)
def test_envelope_field_types(run_cli, tmp_path, item, field):
    path = _write(tmp_path, '{"configurationItems": [' + item + "]}")
    _clean_error(*run_cli("scan", "--snapshot", path), f"configurationItems[0]{field}")


def test_overlong_integers_and_deep_nesting_are_clear_errors(run_cli, tmp_path):
    long_int = '{"configurationItems": [{"resourceType": "T", "resourceId": "x", "configuration": {"n": ' + "9" * 5000
    _clean_error(
        *run_cli("scan", "--snapshot", _write(tmp_path, long_int + "}}]}")),
        "configurationItems[0].configuration.n",
        "5000 digits",
    )
    deep = '{"configurationItems": [{"resourceType": "T", "resourceId": "x", "configuration": ' + '{"a": ' * 10_000
    _clean_error(
        *run_cli("scan", "--snapshot", _write(tmp_path, deep + "1" + "}" * 10_003 + "]}")), "nested too deeply"
    )
    jsonl = _write(tmp_path, '{"resourceType": "T", "resourceId": "x", "configuration": {"n": NaN}}\n', "s.jsonl")
    _clean_error(*run_cli("scan", "--snapshot", jsonl), "s.jsonl: line 1.configuration.n", "not a finite number")


def test_text_that_is_not_utf8_is_named(run_cli, tmp_path):
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"configurationItems": [{"resourceType": "T", "resourceId": "caf\xe9"}]}')
    _clean_error(*run_cli("scan", "--snapshot", latin), "latin.json", "not UTF-8")
    utf16 = tmp_path / "utf16.json"
    utf16.write_bytes('{"configurationItems": []}'.encode("utf-16"))
    _clean_error(*run_cli("scan", "--snapshot", utf16), "utf16.json", "UTF-16")


def test_a_gzip_bomb_stops_at_the_decompression_limit(run_cli, tmp_path, monkeypatch):
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(gzip.compress(b'{"configurationItems": [' + b" " * 5_000_000 + b"]}"))
    assert path.stat().st_size < 20_000
    monkeypatch.setenv("COMPLIANCE_MAX_INPUT_BYTES", "1000000")
    _clean_error(*run_cli("scan", "--snapshot", path), "bomb.json.gz", "decompresses to more than", "1000000")
    monkeypatch.setenv("COMPLIANCE_MAX_INPUT_BYTES", "100")
    _clean_error(*run_cli("scan", "--snapshot", path), "over the input limit of 100")


def test_a_null_configuration_stays_null_through_the_history_store(tmp_path):
    from compliance.evaluate import evaluate, select_rules
    from compliance.history import open_store
    from compliance.plugins import load_plugins
    from compliance.snapshot import load_snapshot

    group = {"resourceType": SG, "resourceId": "sg-1", "accountId": "111122223333", "configuration": None}
    path = _write(tmp_path, json.dumps({"configurationItems": [group], "resourceTypesCollected": [SG]}))
    with open_store(str(tmp_path / "h.db")) as store:
        store.record(load_snapshot(path))
        state = store.state(store.latest())
    assert state.configurationItems[0].configuration is None
    rules, _ = select_rules(load_plugins(entry_points_enabled=False), rule_ids=["restricted-ssh"])
    (only,) = evaluate(state, rules).evaluations
    assert only.complianceType.value == "INSUFFICIENT_DATA"
