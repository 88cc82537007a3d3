"""The batch workflow's ASL file, rendered as templatefile would: valid, complete, Retry+Catch everywhere."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

NUMERIC = {"workflow_timeout_seconds": "10800", "spark_timeout_minutes": "120"}


def _templatefile_keys(infra_dir: Path) -> set[str]:
    main = (infra_dir / "modules" / "step-functions" / "main.tf").read_text()
    body = main[main.index("templatefile(") : main.index("})", main.index("templatefile("))]
    return set(re.findall(r"^\s+([a-z_]+)\s*=", body, re.M))


def _render(infra_dir: Path) -> dict[str, Any]:
    text = (infra_dir / "modules" / "step-functions" / "definition.asl.json").read_text()

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in NUMERIC:
            return NUMERIC[name]
        if name == "spark_entry_point_arguments":
            return "'--mode', 'reprocess', "
        return f"x-{name}"

    return dict(json.loads(re.sub(r"\$\{([a-z_]+)\}", value, text)))


def test_template_placeholders_match_the_templatefile_arguments(infra_dir: Path) -> None:
    text = (infra_dir / "modules" / "step-functions" / "definition.asl.json").read_text()
    placeholders = set(re.findall(r"\$\{([a-z_]+)\}", text))
    assert placeholders == _templatefile_keys(infra_dir)


def test_every_task_retries_and_catches_into_the_failure_path(infra_dir: Path) -> None:
    definition = _render(infra_dir)
    states = definition["States"]
    tasks = {name: s for name, s in states.items() if s["Type"] == "Task"}
    assert set(tasks) == {
        "HistoricalLoad",
        "SubmitSparkJob",
        "RunQualityChecks",
        "UpdateCatalog",
        "PublishSuccess",
        "SendAlert",
    }
    for name, state in tasks.items():
        assert state["Retry"] and all(r["MaxAttempts"] >= 1 for r in state["Retry"]), name
        assert any("States.ALL" in c["ErrorEquals"] for c in state["Catch"]), name


def test_transitions_reach_every_state_and_end_in_success_or_fail(infra_dir: Path) -> None:
    states = _render(infra_dir)["States"]
    seen, todo = set(), [_render(infra_dir)["StartAt"]]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        assert name in states, f"transition to unknown state {name}"
        seen.add(name)
        state = states[name]
        todo += [state[k] for k in ("Next", "Default") if k in state]
        todo += [c["Next"] for c in state.get("Catch", []) + state.get("Choices", [])]
    assert seen == set(states), f"unreachable: {set(states) - seen}"
    order = ["HistoricalLoad", "SubmitSparkJob", "RunQualityChecks", "QualityPassed?", "UpdateCatalog"]
    for current, following in pairwise(order):
        nxt = states[current].get("Next") or states[current]["Choices"][0]["Next"]
        assert nxt == following
    assert states["UpdateCatalog"]["Next"] == "PublishSuccess" and states["PublishSuccess"]["End"] is True
    assert states["SendAlert"]["Next"] == "PublishFailure" and states["PublishFailure"]["Next"] == "Fail"
    assert (
        states["QualityPassed?"]["Default"] == "QualityFailed"
        and states["QualityFailed"]["Next"] == "SendAlert"
    )
    assert states["Fail"]["Type"] == "Fail"


def test_spark_arguments_end_with_the_run_date(infra_dir: Path) -> None:
    parameters = _render(infra_dir)["States"]["SubmitSparkJob"]["Parameters"]
    driver = parameters["JobDriver"]["SparkSubmit"]
    assert (
        driver["EntryPointArguments.$"]
        == "States.Array('--mode', 'reprocess', '--date', $.historical_load.date)"
    )
    assert parameters["ExecutionTimeoutMinutes"] == 120
