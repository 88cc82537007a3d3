"""coattail.core.aws.AwsTarget: the one place every AWS-facing command gets its clients from."""

from __future__ import annotations

from typing import Any

import pytest

from coattail.core.aws import AwsTarget, discover_platform


def test_local_emulator_without_credentials_gets_dummy_ones(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    local = AwsTarget(endpoint_url="http://127.0.0.1:5000")
    creds = local.session().get_credentials()
    assert local.is_local and creds is not None and creds.access_key == "testing"
    remote = AwsTarget(endpoint_url="https://kinesis.us-east-1.amazonaws.com")
    assert not remote.is_local and remote.session().get_credentials() is None


@pytest.mark.emulator
def test_discover_platform_names_what_is_missing(endpoint_url: str) -> None:
    with pytest.raises(
        LookupError, match=r"SSM parameters missing under /nope/dev: kinesis/trades-stream-name"
    ):
        discover_platform(AwsTarget(endpoint_url=endpoint_url), project="nope")


@pytest.mark.emulator
def test_clients_use_adaptive_retries(endpoint_url: str) -> None:
    client = AwsTarget(endpoint_url=endpoint_url).client("sqs")
    assert client.meta.config.retries["mode"] == "adaptive"
    assert client.meta.endpoint_url == endpoint_url
