"""The lakehouse recovery drill (RUNBOOK 5.3): corrupt, roll back to the last good snapshot, verify."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coattail.jobs import recovery
from coattail.jobs.recovery import DRILL_TABLE, PROPERTY_PREFIX, DrillFailed, run_drill
from coattail.jobs.sinks.iceberg import CatalogSettings, open_catalog

FIXED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def local_catalog(tmp_path: Path) -> Any:
    return open_catalog(CatalogSettings(kind="sql", namespace="lake", warehouse=str(tmp_path)))


def test_the_drill_rolls_back_to_the_good_snapshot_and_records_it(tmp_path: Path) -> None:
    catalog = local_catalog(tmp_path)
    result = run_drill(catalog, "lake", rows=30, clock=lambda: FIXED)
    table = catalog.load_table(f"lake.{DRILL_TABLE}")
    stages = [s.summary[recovery.STAGE_KEY] for s in table.snapshots()]
    assert stages == ["good", "corrupt"]  # the bad write stays in the history, no longer current
    assert table.current_snapshot().snapshot_id == result.good_snapshot_id
    prices = table.scan().to_arrow().column("price").to_pylist()
    assert len(prices) == 30 and "NaN" not in prices
    assert table.properties[f"{PROPERTY_PREFIX}result"] == "verified"
    assert table.properties[f"{PROPERTY_PREFIX}verified-at"] == "2026-12-07T12:00:00Z"
    assert table.properties[f"{PROPERTY_PREFIX}rolled-back-from"] == str(result.corrupt_snapshot_id)
    again = run_drill(catalog, "lake", rows=30)  # each drill starts from a new scratch table
    assert len(catalog.load_table(f"lake.{DRILL_TABLE}").snapshots()) == 2
    assert again.good_snapshot_id != result.good_snapshot_id


def test_a_rollback_that_does_not_restore_the_rows_fails_and_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = local_catalog(tmp_path)
    # a wrong "last good" snapshot (the corrupt one itself): the rows read afterwards differ
    monkeypatch.setattr(recovery, "last_good_snapshot", lambda table: table.current_snapshot().snapshot_id)
    with pytest.raises(DrillFailed, match="not the 30 it held"):
        run_drill(catalog, "lake", rows=30)
    assert catalog.load_table(f"lake.{DRILL_TABLE}").properties[f"{PROPERTY_PREFIX}result"] == "failed"


@pytest.mark.emulator
def test_the_deployed_lakehouse_records_a_verified_drill_and_the_command_repeats_it(
    deployment: Any, aws: Any, endpoint_url: str
) -> None:
    """The session's deployment ran the drill (as `ctc local up` does) in the Glue catalog."""
    from coattail.cli.cli import cli

    glue, database = aws("glue"), deployment.outputs["glue_database_name"]

    def parameters() -> dict[str, str]:
        table: dict[str, Any] = glue.get_table(DatabaseName=database, Name=DRILL_TABLE)["Table"]
        return dict(table["Parameters"])

    first = parameters()
    assert first["table_type"] == "ICEBERG"
    assert first[f"{PROPERTY_PREFIX}result"] == "verified"
    assert first[f"{PROPERTY_PREFIX}rows-verified"] == "300"
    out = CliRunner().invoke(cli, ["jobs", "drill", "--endpoint-url", endpoint_url])
    assert out.exit_code == 0, out.output
    assert "recovery drill verified" in out.output
    again = parameters()
    assert again[f"{PROPERTY_PREFIX}result"] == "verified"
    assert again[f"{PROPERTY_PREFIX}rolled-back-to"] != first[f"{PROPERTY_PREFIX}rolled-back-to"]
