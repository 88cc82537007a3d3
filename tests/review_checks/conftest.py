"""Builders of hand-made inventories for the check tests (one resource, a few attributes)."""

from __future__ import annotations

import copy
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coattail.review.checks._registry import Check, load_checks
from coattail.review.inventory import Inventory, Resource
from coattail.review.model import Finding, SourceKind, Status

ACCOUNT = "123456789012"
REGION = "us-east-1"


def make(cls: type[Resource], name: str, **attrs: Any) -> Any:
    """A live resource of ``cls`` named ``name`` with an ARN-like id."""
    attrs.setdefault("id", f"arn:aws:{cls.service}:{REGION}:{ACCOUNT}:{name}")
    attrs.setdefault("source", SourceKind.LIVE)
    return cls(name=name, region=REGION, account=ACCOUNT, **attrs)


def inventory(*resources: Resource, **extra: Any) -> Inventory:
    return Inventory.from_resources(list(resources), **extra)


def verdicts(findings: list[Finding]) -> dict[str, set[str]]:
    """{status: {resource names}} — the exact set of passing and failing resources."""
    out: dict[str, set[str]] = {}
    for f in findings:
        name = (
            f.resource_id.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
            if f.resource_id.startswith("arn:")
            else f.resource_id
        )
        out.setdefault(f.status.value, set()).add(name)
    return out


@pytest.fixture(scope="session")
def checks() -> dict[str, Check]:
    return {c.id: c for c in load_checks()}


@pytest.fixture()
def run(checks: dict[str, Check]) -> Any:
    """run(check_id, inventory, **params) -> {status: {names}}."""

    def _run(check_id: str, inv: Inventory, **params: Any) -> dict[str, set[str]]:
        return verdicts(checks[check_id].run(inv, params or None))

    return _run


class Builders:
    """Test helpers handed out by the ``b`` fixture (conftest modules are not importable)."""

    make = staticmethod(make)
    inventory = staticmethod(inventory)
    verdicts = staticmethod(verdicts)
    PASS = Status.PASS.value
    FAIL = Status.FAIL.value
    UNKNOWN = Status.UNKNOWN.value
    NA = Status.NOT_APPLICABLE.value


@pytest.fixture(scope="session")
def b() -> type[Builders]:
    return Builders


# -- table-driven check cases -----------------------------------------------------------------
# tests/review_checks/cases_*.py define ``cases(b) -> dict[check_id, list[Row]]``; every check
# needs a row where the property holds (no FAIL) and one where it is broken (a FAIL), each
# asserting the exact set of passing and failing resources.


@dataclass
class Row:
    inventory: Inventory
    expected: dict[str, set[str]]
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "broken" if Status.FAIL.value in self.expected else "holds"


Builders.Row = Row  # type: ignore[attr-defined]


def load_cases() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        spec = importlib.util.spec_from_file_location(f"review_check_cases_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for check_id, rows in module.cases(Builders).items():
            assert check_id not in out, f"{check_id} has cases in two files"
            out[check_id] = rows
    return out


_CASES = load_cases()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "check_case" in metafunc.fixturenames:
        params, ids = [], []
        for check_id, rows in sorted(_CASES.items()):
            for n, row in enumerate(rows):
                params.append((check_id, row))
                ids.append(f"{check_id}-{row.kind}-{n}")
        metafunc.parametrize("check_case", params, ids=ids)
    if "flip_case" in metafunc.fixturenames:
        metafunc.parametrize("flip_case", sorted(load_flips()))


@pytest.fixture(scope="session")
def all_cases() -> dict[str, list[Row]]:
    return _CASES


# -- misconfigurations of the deployed platform -----------------------------------------------
# tests/review_checks/flips_*.py define ``flips(h) -> dict[case_name, h.Flip]``: one real change
# to a resource deployed in the emulator by the platform's Terraform (made with boto3) that flips
# one check's verdict. test_checks_on_deployment.py runs them all; the coverage test there asks
# that every check has a flip here or a fixture test of its static source.


@dataclass(frozen=True)
class DeployedNames:
    """Names of the deployed resources a flip changes (from the Terraform outputs)."""

    raw: str
    processed: str
    checkpoint: str
    athena_results: str
    trades: str
    dlq: str
    table: str
    emr_app: str
    api_function: str
    state_machine: str
    producer_role: str
    outputs: dict[str, Any]

    @classmethod
    def of(cls, outputs: dict[str, Any]) -> DeployedNames:
        buckets, streams = outputs["s3_bucket_names"], outputs["kinesis_stream_names"]
        roles = outputs["iam_role_arns"]
        return cls(
            raw=buckets["raw"],
            processed=buckets["processed"],
            checkpoint=buckets["checkpoint"],
            athena_results=buckets["athena_results"],
            trades=streams["trades"],
            dlq=streams["dlq"],
            table=outputs["dynamodb_table_name"],
            emr_app=outputs["emr_application_id"],
            api_function=outputs["lambda_function_names"]["api"],
            state_machine=outputs["sfn_state_machine_arn"],
            producer_role=roles["producer_task"].rsplit("/", 1)[-1],
            outputs=dict(outputs),
        )


@dataclass(frozen=True)
class Flip:
    """One deliberate misconfiguration (or repair) of a deployed resource.

    ``change(aws, names)`` alters the account and returns what ``undo(aws, names, saved)`` needs
    to put it back. ``deployed`` says how the platform ships: ``"holds"`` (the usual case — the
    change breaks the property) or ``"broken"`` (an accepted, waived trade-off of the platform —
    the change repairs it). ``setup``/``teardown`` create and remove a resource the platform does
    not deploy (e.g. a CloudTrail trail) for checks that are not applicable to it as shipped;
    ``setup`` leaves the property holding. ``services`` are the live collector services to scan
    (default: the check's own service). ``resource(names)`` names the resource whose verdict flips.
    """

    check_id: str
    resource: Callable[[DeployedNames], str]
    change: Callable[[Any, DeployedNames], Any]
    undo: Callable[[Any, DeployedNames, Any], None]
    deployed: str = "holds"
    services: tuple[str, ...] = ()
    setup: Callable[[Any, DeployedNames], Any] | None = None
    teardown: Callable[[Any, DeployedNames, Any], None] | None = None


# PutMetricAlarm arguments as DescribeAlarms returns them (what restoring an alarm exactly needs).
ALARM_ARGUMENTS = (
    "AlarmName",
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Metrics",
    "ThresholdMetricId",
)


def metric_alarm(aws: Any, metric: str, named: str = "") -> dict[str, Any]:
    """The deployed metric alarm on ``metric`` whose name contains ``named`` (DescribeAlarms entry);
    exactly one must match (EstimatedCharges has two: the billing alarm and the auto-stop)."""
    alarms = aws("cloudwatch").describe_alarms(AlarmTypes=["MetricAlarm"])["MetricAlarms"]
    found = [a for a in alarms if a.get("MetricName") == metric and named in a["AlarmName"]]
    assert len(found) == 1, f"{len(found)} alarms on {metric} named *{named}*"
    return dict(found[0])


def alarm_arguments(alarm: dict[str, Any]) -> dict[str, Any]:
    """PutMetricAlarm arguments that recreate ``alarm`` (a DescribeAlarms entry) exactly."""
    return {k: copy.deepcopy(alarm[k]) for k in ALARM_ARGUMENTS if alarm.get(k) not in (None, [], "")}


def alarm_edit(
    metric: str, named: str = "", **changes: Any
) -> Callable[[Any, DeployedNames], dict[str, Any]]:
    """A ``change`` re-putting the alarm on ``metric`` (named ``*named*``) with ``changes`` (None drops
    an argument; a callable gets ``(current value, aws, names)``); it returns the original for
    :func:`put_alarm_back`."""

    def apply(aws: Any, names: DeployedNames) -> dict[str, Any]:
        saved = alarm_arguments(metric_alarm(aws, metric, named))
        edited = {**saved}
        for key, value in changes.items():
            edited[key] = value(saved.get(key), aws, names) if callable(value) else value
        aws("cloudwatch").put_metric_alarm(**{k: v for k, v in edited.items() if v is not None})
        return saved

    return apply


def put_alarm_back(aws: Any, names: DeployedNames, saved: dict[str, Any]) -> None:
    aws("cloudwatch").put_metric_alarm(**saved)


class FlipHelpers:
    """Handed to ``flips(h)`` (conftest modules are not importable)."""

    Flip = Flip
    metric_alarm = staticmethod(metric_alarm)
    alarm_arguments = staticmethod(alarm_arguments)
    alarm_edit = staticmethod(alarm_edit)
    put_alarm_back = staticmethod(put_alarm_back)


def load_flips() -> dict[str, Flip]:
    out: dict[str, Flip] = {}
    for path in sorted(Path(__file__).parent.glob("flips_*.py")):
        spec = importlib.util.spec_from_file_location(f"review_check_flips_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, flip in module.flips(FlipHelpers).items():
            assert name not in out, f"flip {name} defined twice"
            out[name] = flip
    return out


ALL_FLIPS = load_flips()


@pytest.fixture(scope="session")
def all_flips() -> dict[str, Flip]:
    return ALL_FLIPS


@pytest.fixture(scope="session")
def deployed_names(platform_outputs: dict[str, Any]) -> DeployedNames:
    return DeployedNames.of(platform_outputs)
