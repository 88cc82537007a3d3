"""The regression gate against the deployed platform: weaken it, the gate fails and names each
regression; restore it, the gate passes (live source through the emulator endpoint)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coattail.review.cli import cli

pytestmark = [pytest.mark.emulator, pytest.mark.slow]

WILDCARD = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


def score(endpoint_url: str, out: Path, *extra: str) -> tuple[int, str]:
    args = ["score", "--source", "live", "--endpoint-url", endpoint_url, "--region", "us-east-1",
            "--output-dir", str(out), "--no-reports", "--quiet", *extra]  # fmt: skip
    res = CliRunner().invoke(cli, args, env={"COLUMNS": "250"})
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


def _role(aws, fragment: str) -> str:
    roles = [r["RoleName"] for p in aws("iam").get_paginator("list_roles").paginate() for r in p["Roles"]]
    return next(r for r in roles if r.startswith("ctc-dev") and fragment in r)


def test_weakened_deployment_breaches_the_gate_and_restoring_passes(deployment, endpoint_url, aws, tmp_path):
    code, output = score(endpoint_url, tmp_path / "healthy")
    assert code in (0, 3), output  # 3: something the emulator cannot serve is "not assessed"
    baseline = tmp_path / "healthy" / "results.json"

    kinesis, cloudwatch, iam = aws("kinesis"), aws("cloudwatch"), aws("iam")
    stream = "ctc-dev-trades"
    # the iterator-age alarm (reliability) and the quality-score alarm (operational excellence, a
    # pillar without risk: losing a high-level practice there must drop its score)
    alarms = [
        a for p in cloudwatch.get_paginator("describe_alarms").paginate() for a in p["MetricAlarms"]
        if a.get("MetricName") in ("GetRecords.IteratorAgeMilliseconds", "QualityScore")  # bands have none
    ]  # fmt: skip
    assert len(alarms) == 2, [a["AlarmName"] for a in alarms]
    role = _role(aws, "producer")
    restore_alarms = [{k: alarm[k] for k in (
        "AlarmName", "AlarmDescription", "ActionsEnabled", "AlarmActions", "OKActions", "MetricName",
        "Namespace", "Statistic", "Dimensions", "Period", "EvaluationPeriods", "DatapointsToAlarm",
        "Threshold", "ComparisonOperator", "TreatMissingData",
    ) if k in alarm} for alarm in alarms]  # fmt: skip
    try:
        kinesis.stop_stream_encryption(StreamName=stream, EncryptionType="KMS", KeyId="alias/aws/kinesis")
        cloudwatch.delete_alarms(AlarmNames=[a["AlarmName"] for a in alarms])
        iam.put_role_policy(RoleName=role, PolicyName="ctc-test-wildcard", PolicyDocument=WILDCARD)

        code, output = score(
            endpoint_url, tmp_path / "weak", "--baseline", str(baseline), "--fail-on-regression"
        )
        assert code == 1, output
        regressions = [line for line in output.splitlines() if line.startswith("REGRESSION")]
        text = "\n".join(regressions)
        assert "kinesis_stream_encrypted" in text and stream in text, output
        assert "kinesis_iterator_age_alarm" in text and "quality_score_alarm" in text, output
        assert "iam_policy_no_wildcard_actions" in text and role in text, output
        assert any("score dropped" in line for line in regressions), output
    finally:
        kinesis.start_stream_encryption(StreamName=stream, EncryptionType="KMS", KeyId="alias/aws/kinesis")
        for restore_alarm in restore_alarms:
            cloudwatch.put_metric_alarm(**restore_alarm)
        iam.delete_role_policy(RoleName=role, PolicyName="ctc-test-wildcard")

    code, output = score(
        endpoint_url, tmp_path / "restored", "--baseline", str(baseline), "--fail-on-regression"
    )
    assert code in (0, 3), output
    assert "No regression against the baseline." in output
    assert "REGRESSION" not in output
