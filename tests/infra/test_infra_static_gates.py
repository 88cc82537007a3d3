"""Static gates on the Terraform: fmt, validate, module layout, the seed's module/variable/output counts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REQUIRED_MODULES = {
    "kinesis",
    "s3-lakehouse",
    "emr-serverless",
    "iam",
    "glue",
    "lake-formation",
    "monitoring",
    "step-functions",
}
MODULE_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")


def _blocks(directory: Path, kind: str) -> list[str]:
    names: list[str] = []
    for tf in sorted(directory.glob("*.tf")):
        names += re.findall(rf'^{kind} "([^"]+)"', tf.read_text(), re.M)
    return names


def test_terraform_fmt_is_clean(infra_dir: Path) -> None:
    proc = subprocess.run(
        ["terraform", "fmt", "-check", "-recursive", "-diff", "-no-color"],
        cwd=infra_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"terraform fmt would change files:\n{proc.stdout}{proc.stderr}"


@pytest.mark.slow
def test_terraform_validate_passes(initialised_infra: tuple[Path, dict[str, str]]) -> None:
    root, env = initialised_infra
    proc = subprocess.run(
        ["terraform", "validate", "-json", "-no-color"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0 and '"valid": true' in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.slow
def test_validate_rejects_an_invalid_enum_input(initialised_infra: tuple[Path, dict[str, str]]) -> None:
    """Validation blocks reject bad enum inputs with a message naming the variable."""
    root, env = initialised_infra
    proc = subprocess.run(
        [
            "terraform",
            "plan",
            "-input=false",
            "-no-color",
            "-refresh=false",
            "-var",
            'kinesis={stream_mode="FAST"}',
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode != 0
    assert "kinesis.stream_mode must be ON_DEMAND or PROVISIONED" in proc.stderr


def test_root_module_has_the_seed_counts(infra_dir: Path) -> None:
    """Seed: "8 modules, 12 variables, 13 outputs"."""
    assert len(_blocks(infra_dir, "variable")) == 12
    assert len(_blocks(infra_dir, "output")) == 13
    module_sources = re.findall(
        r'source\s*=\s*"\./modules/([^"]+)"', "".join(p.read_text() for p in infra_dir.glob("*.tf"))
    )
    assert set(module_sources) == REQUIRED_MODULES
    assert len(module_sources) == 8


def test_root_readme_documents_every_input_and_output(infra_dir: Path) -> None:
    readme = (infra_dir / "README.md").read_text()
    for kind in ("variable", "output"):
        for name in _blocks(infra_dir, kind):
            assert f"`{name}`" in readme, f"platform/infra/README.md does not document {kind} {name}"


@pytest.mark.parametrize("module", sorted(REQUIRED_MODULES))
def test_module_layout_and_readme(infra_dir: Path, module: str) -> None:
    directory = infra_dir / "modules" / module
    for name in MODULE_FILES:
        assert (directory / name).is_file(), f"{module}: missing {name}"
    readme = (directory / "README.md").read_text()
    for variable in _blocks(directory, "variable"):
        assert f"`{variable}`" in readme, f"{module}/README.md does not document input {variable}"
    for output in _blocks(directory, "output"):
        assert f"`{output}`" in readme, f"{module}/README.md does not document output {output}"
    versions = (directory / "versions.tf").read_text()
    assert '"~> 5.100"' in versions and '">= 1.9"' in versions


def test_every_variable_is_typed_and_described(infra_dir: Path) -> None:
    for tf in [*infra_dir.glob("variables.tf"), *infra_dir.glob("modules/*/variables.tf")]:
        text = tf.read_text()
        for match in re.finditer(r'^variable "([^"]+)" \{(.*?)^\}', text, re.M | re.S):
            body = match.group(2)
            assert re.search(r"^\s+type\s*=", body, re.M), f"{tf}: variable {match.group(1)} has no type"
            assert re.search(r"^\s+description\s*=", body, re.M), (
                f"{tf}: variable {match.group(1)} has no description"
            )
            assert "type        = any" not in body, f"{tf}: variable {match.group(1)} is untyped (any)"


def test_no_archive_provider_and_no_override_files_committed(infra_dir: Path) -> None:
    """Only hashicorp/aws is available offline; Lambda zips come from coattail.cli.lambda_build."""
    for tf in infra_dir.rglob("*.tf"):
        if "build" in tf.parts:
            continue
        assert 'data "archive_file"' not in tf.read_text(), tf
        assert not tf.name.endswith("_override.tf"), f"override file in the tree: {tf}"


# Resource types of this configuration that accept tags (the rest - policies, attachments,
# API Gateway resources/methods, LF grants, event targets - have no tags in AWS).
TAGGABLE = {
    "aws_s3_bucket", "aws_kinesis_stream", "aws_dynamodb_table", "aws_emrserverless_application",
    "aws_cloudwatch_log_group", "aws_iam_role", "aws_glue_catalog_database", "aws_athena_workgroup",
    "aws_kms_key", "aws_sns_topic", "aws_cloudwatch_metric_alarm", "aws_budgets_budget",
    "aws_sfn_state_machine", "aws_cloudwatch_event_rule", "aws_sqs_queue", "aws_lambda_function",
    "aws_api_gateway_rest_api", "aws_api_gateway_stage", "aws_ecr_repository", "aws_ecs_cluster",
    "aws_ecs_task_definition", "aws_ssm_parameter",
}  # fmt: skip


def test_every_taggable_resource_has_a_name_tag(infra_dir: Path) -> None:
    """Provider default_tags add Project/Environment/ManagedBy; each resource adds its Name."""
    seen: set[str] = set()
    for tf in [*infra_dir.glob("*.tf"), *infra_dir.glob("modules/*/*.tf")]:
        text = tf.read_text()
        for match in re.finditer(r'^resource "([a-z0-9_]+)" "([a-z0-9_]+)" \{(.*?)^\}', text, re.M | re.S):
            kind, name, body = match.groups()
            if kind in TAGGABLE:
                seen.add(kind)
                assert re.search(r"^  tags\s*=\s*(merge\(\s*)?\{\s*Name\s*=", body, re.M), (
                    f"{tf.name}: {kind}.{name} lacks a Name tag"
                )
    assert seen == TAGGABLE, f"taggable types not found in the configuration: {TAGGABLE - seen}"
    main = (infra_dir / "main.tf").read_text()
    assert all(key in main for key in ("default_tags", "Project", "Environment", "ManagedBy"))
