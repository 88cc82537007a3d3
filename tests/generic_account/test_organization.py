"""`--organization-role`: every active account of the caller's AWS Organization in one run, with
each account's own scores beside the roll-up; a member's public topic costs that member only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner

from coattail.review.cli import cli
from tests.generic_account.harness import GenericAccount

pytestmark = [pytest.mark.emulator]
ROLE = "OrganizationAccountAccessRole"


def _member_client(account: GenericAccount, account_id: str, service: Any) -> Any:
    sts = account.aws("sts")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE}", RoleSessionName="seed")[
        "Credentials"
    ]
    session = boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="us-east-1",
    )
    return session.client(service, endpoint_url=account.endpoint_url)


def test_every_organization_account_is_scored_on_its_own_and_rolled_up(
    clean_account: GenericAccount, tmp_path: Path
) -> None:
    orgs = clean_account.aws("organizations")
    orgs.create_organization(FeatureSet="ALL")
    members = [
        orgs.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]["AccountId"]
        for name in ("shop-dev", "shop-data")
    ]
    open_topic = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*"}],
    }
    sns = _member_client(clean_account, members[1], "sns")
    arn = sns.create_topic(Name="data-drops", Attributes={"Policy": json.dumps(open_topic)})["TopicArn"]

    args = [
        "score",
        "--endpoint-url",
        clean_account.endpoint_url,
        "--source",
        "live",
        "--output-dir",
        str(tmp_path),
        "--organization-role",
        ROLE,
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 3), result.output
    data = json.loads((tmp_path / "results.json").read_text())
    by_account = {a["account"]: a for a in data["accounts"]}
    assert set(by_account) == {"123456789012", *members}, result.output
    for account_id in by_account:
        assert f"account {account_id}: overall" in result.output
    assert "organization management" in result.output
    assert any(f"via arn:aws:iam::{m}:role/{ROLE}" in s["target"] for m in members for s in data["sources"])

    def security(account_id: str) -> float:
        pillars = by_account[account_id]["scores"]["pillars"]
        return float(next(p["score"] for p in pillars if p["pillar"] == "security"))

    assert "resource_policy_not_public" in by_account[members[1]]["failed_checks"]
    assert "resource_policy_not_public" not in by_account[members[0]]["failed_checks"]
    assert "resource_policy_not_public" not in by_account["123456789012"]["failed_checks"]
    assert security(members[1]) < security("123456789012")
    finding = next(
        f
        for c in data["checks"]
        if c["meta"]["id"] == "resource_policy_not_public"
        for f in c["findings"]
        if f["status"] == "FAIL"
    )
    assert finding["resource_id"] == arn and finding["account"] == members[1]

    html = (tmp_path / "scorecard.html").read_text()
    markdown = (tmp_path / "review.md").read_text()
    for account_id, account in by_account.items():
        overall = f"{account['scores']['overall']:.1f}"
        assert f'<tr data-account="{account_id}">' in html
        row = next(line for line in markdown.splitlines() if line.startswith(f"| `{account_id}` |"))
        assert f"| {overall} |" in row, row
        assert f"| {security(account_id):.1f} |" in row, row
    public_member_row = html.split(f'<tr data-account="{members[1]}">')[1].split("</tr>")[0]
    assert "<code>resource_policy_not_public</code>" in public_member_row
