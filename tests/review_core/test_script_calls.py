"""What the platform's scripts do to AWS, read from the AST of their Python entry points."""

from __future__ import annotations

from pathlib import Path

from coattail.review.collectors.script_calls import package_dirs, script_operations


def _lines(path: Path) -> tuple[str, ...]:
    text = path.read_text(encoding="utf-8").splitlines()
    return tuple(ln.strip() for ln in text if ln.strip() and not ln.strip().startswith("#"))


def test_the_package_dir_mapping_is_read_from_setup_py(repo_root: Path) -> None:
    dirs = package_dirs(repo_root)
    assert dirs["coattail.cli"] == "platform/ctc" and dirs["coattail.review"] == "review"


def test_stop_sh_stops_the_producer_and_the_job_and_drains_the_streams(repo_root: Path) -> None:
    entry, operations = script_operations(repo_root, _lines(repo_root / "scripts" / "stop.sh"))
    assert entry == "coattail.cli.ops stop"
    assert {"ecs:stop_task", "emr-serverless:cancel_job_run", "emr-serverless:stop_application"} <= set(
        operations
    )
    # the streams are removed by Terraform (run_state), after stop.sh has read what they hold
    assert {"kinesis:describe_stream_summary", "s3:list_objects_v2"} <= set(
        operations
    )  # checkpoint vs stream
    assert "kinesis:delete_stream" not in operations


def test_start_sh_runs_the_producer_task(repo_root: Path) -> None:
    entry, operations = script_operations(repo_root, _lines(repo_root / "scripts" / "start.sh"))
    assert entry == "coattail.cli.ops start" and "ecs:run_task" in operations
    assert "ecs:stop_task" not in operations


def test_a_line_without_a_module_entry_point_gives_nothing(tmp_path: Path) -> None:
    assert script_operations(tmp_path, ("aws ecs stop-task --task x",)) == (None, ())
    assert script_operations(tmp_path, ("python -m missing.module stop",)) == ("missing.module stop", ())
