"""The repository facts the checks rely on: code practices and configuration files (config.js too)."""

from __future__ import annotations

from coattail.review.collectors.code_practices import practices_in
from coattail.review.collectors.repository import _config_file


def test_iceberg_partitioning_and_columnar_practices_are_recognised() -> None:
    code = (
        "from pyiceberg.transforms import DayTransform\n"
        "spec = PartitionSpec(PartitionField(1, 1000, DayTransform()))"
    )
    assert {"iceberg_hidden_partitioning", "columnar_storage"} <= set(practices_in(code))
    plain = "with open('out.json', 'w') as f:\n    json.dump(rows, f)\n"
    assert practices_in(plain) == []
    assert "columnar_storage" in practices_in("df.write.parquet(path)")
    assert "columnar_storage" in practices_in("pq.write_table(table, path)")


def test_config_files_yaml_json_and_js_assignment() -> None:
    js = _config_file(
        "platform/dashboard/static/config.js", 'window.CTC_CONFIG = {"apiBase": "", "pollMs": 10000};\n'
    )
    assert js is not None and js.get("pollMs") == 10000
    yml = _config_file(
        "platform/jobs/config/pipeline.yaml", "detectors:\n  spread:\n    window: 30 seconds\n"
    )
    assert yml is not None and yml.get("detectors.spread.window") == "30 seconds"
    assert _config_file("platform/x/config.js", "export const pollMs = 10000;") is None
    assert _config_file("platform/x.json", "[1, 2]") is None
