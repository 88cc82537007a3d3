"""Pure helpers of the Terraform runner: override rendering, plan/diagnostic parsing, Lambda zips."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from coattail.cli import lambda_build
from coattail.cli.terraform import (
    changed_addresses,
    cli_config_text,
    find_plugin_mirror,
    json_diagnostics,
    parse_text_errors,
)
from coattail.cli.tf_override import ENDPOINT_SERVICES, provider_aliases, render_override, root_backend


def test_override_covers_every_provider_alias_and_remote_backend(tmp_path: Path) -> None:
    (tmp_path / "providers.tf").write_text(
        'terraform {\n  backend "s3" {\n    bucket = "x"\n  }\n}\n'
        'provider "aws" {\n  region = var.region\n  default_tags { tags = { a = "b" } }\n}\n'
        'provider "aws" {\n  alias  = "global"\n  region = "us-east-1"\n}\n'
    )
    (tmp_path / "ignored_override.tf").write_text('provider "aws" {\n  alias = "bogus"\n}\n')
    aliases = provider_aliases(tmp_path)
    assert aliases == [None, "global"]
    assert root_backend(tmp_path) == "s3"
    text = render_override("http://127.0.0.1:4567", aliases, "s3", tmp_path / "terraform.tfstate")
    assert text.count('provider "aws" {') == 2
    assert 'alias                       = "global"' in text
    assert text.count('"http://127.0.0.1:4567"') == 2 * len(ENDPOINT_SERVICES)
    assert "skip_requesting_account_id  = false" in text and "max_retries                 = 2" in text
    assert 'backend "local"' in text and str(tmp_path / "terraform.tfstate") in text


def test_override_without_backend_or_provider_block(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    assert provider_aliases(tmp_path) == [None]
    assert root_backend(tmp_path) is None
    assert "backend" not in render_override("http://h:1", [None], None, tmp_path / "s")


def test_cli_config_uses_the_mirror_when_present(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTC_TF_PLUGIN_MIRROR", str(tmp_path))
    assert find_plugin_mirror() == tmp_path
    text = cli_config_text(tmp_path)
    assert f'path    = "{tmp_path}"' in text and "direct" in text
    assert "filesystem_mirror" not in cli_config_text(None)
    monkeypatch.setenv("CTC_TF_PLUGIN_MIRROR", str(tmp_path / "missing"))
    with pytest.raises(RuntimeError, match="is not a directory"):
        find_plugin_mirror()


def test_changed_addresses_ignores_no_op_and_read() -> None:
    plan = {
        "resource_changes": [
            {"address": "aws_s3_bucket.a", "change": {"actions": ["no-op"]}},
            {"address": "data.aws_iam_policy_document.p", "change": {"actions": ["read"]}},
            {"address": "aws_kinesis_stream.s", "change": {"actions": ["update"]}},
            {"address": "aws_sqs_queue.q", "change": {"actions": ["delete", "create"]}},
        ]
    }
    assert changed_addresses(plan) == ["aws_kinesis_stream.s (update)", "aws_sqs_queue.q (delete/create)"]
    assert changed_addresses({}) == []


def test_diagnostics_are_readable() -> None:
    messages: list[dict[str, Any]] = [
        {"type": "version"},
        {"type": "diagnostic", "diagnostic": {"severity": "warning", "summary": "meh"}},
        {
            "type": "diagnostic",
            "diagnostic": {
                "severity": "error",
                "summary": "creating Kinesis Stream",
                "detail": "operation error Kinesis:\n CreateStream, https response error StatusCode: 500",
                "address": "module.kinesis.aws_kinesis_stream.trades",
            },
        },
    ]
    assert json_diagnostics(messages) == [
        "module.kinesis.aws_kinesis_stream.trades: creating Kinesis Stream: "
        "operation error Kinesis: CreateStream, https response error StatusCode: 500"
    ]
    text = (
        '╷\n│ Error: Unsupported argument\n│\n│   on main.tf line 3:\n│ An argument named "x" '
        "is not expected here.\n╵\n"
    )
    assert parse_text_errors(text) == [
        'Unsupported argument on main.tf line 3: An argument named "x" is not expected here.'
    ]


def test_lambda_zips_are_deterministic_and_hold_the_handlers(tmp_path: Path) -> None:
    first = lambda_build.build_packages(tmp_path / "one")
    second = lambda_build.build_packages(tmp_path / "two")
    for name in ("api.zip", "batch.zip"):
        assert first[name].read_bytes() == second[name].read_bytes()
    with zipfile.ZipFile(first["api.zip"]) as api:
        names = api.namelist()
        assert "coattail/api/__init__.py" in names and "coattail/api/handler.py" in names
        assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
        assert {info.date_time for info in api.infolist()} == {lambda_build.FIXED_DATE}
    with zipfile.ZipFile(first["batch.zip"]) as batch:
        names = batch.namelist()
        assert "coattail/jobs/__init__.py" in names and "coattail/jobs/batch/lambda_handlers.py" in names
        files = [n for n in names if not n.endswith("/")]  # directory entries make the namespace importable
        assert all(n == "coattail/jobs/__init__.py" or n.startswith("coattail/jobs/batch/") for n in files)
        assert {"coattail/", "coattail/jobs/", "coattail/jobs/batch/"} <= set(names)


def test_lambda_build_names_a_missing_package(tmp_path: Path) -> None:
    (tmp_path / "coattail" / "jobs").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="api"):
        lambda_build.build_packages(tmp_path / "out", source_dir=tmp_path)
