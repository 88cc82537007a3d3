"""The registry: fresh per call, ids equal module and function names, metadata validated."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from coattail.review.checks._registry import CheckDefinitionError, Params, check, check_modules, load_checks
from coattail.review.checks._wa_catalog import BEST_PRACTICES, pillar_of
from coattail.review.model import Pillar


def test_each_call_builds_a_fresh_registry() -> None:
    first, second = load_checks(), load_checks()
    assert [c.id for c in first] == [c.id for c in second]
    assert first is not second and first[0] is not second[0]


def test_ids_equal_module_and_function_names() -> None:
    checks = load_checks()
    assert [c.id for c in checks] == check_modules()
    for c in checks:
        assert c.function.__name__ == c.id
        assert c.function.__module__ == f"coattail.review.checks.{c.id}"


def test_best_practice_ids_are_real_and_match_the_pillar() -> None:
    for c in load_checks():
        assert re.fullmatch(r"(OPS|SEC|REL|PERF|COST|SUS)\d{2}-BP\d{2}", c.meta.bp_id)
        assert c.meta.bp_id in BEST_PRACTICES, c.id
        assert pillar_of(c.meta.bp_id) == c.meta.pillar, c.id
        assert c.meta.rationale and c.meta.remediation and c.meta.title


def test_at_least_80_checks_and_6_per_pillar() -> None:
    checks = load_checks()
    per_pillar = Counter(c.meta.pillar for c in checks)
    assert len(checks) >= 80, len(checks)
    assert len({c.id for c in checks}) == len(checks)
    for pillar in Pillar:
        assert per_pillar[pillar] >= 6, (pillar, per_pillar[pillar])


def test_decorator_rejects_unknown_best_practice_and_wrong_pillar() -> None:
    with pytest.raises(CheckDefinitionError, match="not a known Well-Architected"):
        check(
            id="x",
            title="t",
            pillar="security",
            bp_id="SEC99-BP01",
            severity="low",
            service="s3",
            resource_type="r",
            rationale="r",
            remediation="r",
        )
    with pytest.raises(CheckDefinitionError, match="belongs to reliability"):
        check(
            id="x",
            title="t",
            pillar="security",
            bp_id="REL09-BP01",
            severity="low",
            service="s3",
            resource_type="r",
            rationale="r",
            remediation="r",
        )
    with pytest.raises(CheckDefinitionError, match="invalid metadata"):
        check(
            id="Bad-Id",
            title="t",
            pillar="security",
            bp_id="SEC08-BP02",
            severity="low",
            service="s3",
            resource_type="r",
            rationale="r",
            remediation="r",
        )


def test_decorator_rejects_function_named_differently() -> None:
    deco = check(
        id="some_check",
        title="t",
        pillar="security",
        bp_id="SEC08-BP02",
        severity="low",
        service="s3",
        resource_type="r",
        rationale="r",
        remediation="r",
    )

    def other(inv):
        return []

    with pytest.raises(CheckDefinitionError, match="must equal the id"):
        deco(other)


def test_unknown_parameter_is_a_clear_error() -> None:
    c = next(c for c in load_checks() if c.id == "s3_versioning_enabled")
    with pytest.raises(ValueError, match=r"unknown parameter.*bucketz.*known: buckets"):
        c.params({"bucketz": ["x"]})


def test_params_accessors_name_the_wrong_value() -> None:
    p = Params("demo", {"n": "7", "flag": True, "names": ["a", 1]})
    with pytest.raises(TypeError, match=r"demo.*'n' must be an integer"):
        p.int("n")
    with pytest.raises(TypeError, match="'flag' must be an integer"):
        p.int("flag")
    with pytest.raises(TypeError, match="list of strings"):
        p.strs("names")
    with pytest.raises(KeyError, match="no parameter 'missing'"):
        p["missing"]


def test_declarative_attribute_check() -> None:
    from coattail.review.checks._common import attribute_in
    from coattail.review.inventory import Inventory, LambdaFunction
    from coattail.review.model import SourceKind, Status

    @attribute_in(LambdaFunction, "tracing_mode", ["Active"], what="Lambda functions", label="tracing")
    def demo_tracing(inv):
        """Stub: replaced by the declaration."""
        yield from ()

    def fn(name: str, **kw: Any) -> LambdaFunction:
        return LambdaFunction(
            id=f"arn:aws:lambda:us-east-1:1:function:{name}", name=name, source=SourceKind.LIVE, **kw
        )

    inv = Inventory.from_resources(
        [
            fn("on", tracing_mode="Active"),
            fn("off", tracing_mode="PassThrough"),
            fn("tf", unknown_attributes=("tracing_mode",)),
        ]
    )
    found = {f.resource_id.rsplit(":", 1)[-1]: (f.status, f.message) for f in demo_tracing(inv)}
    assert found["on"] == (Status.PASS, "on: tracing Active")
    assert found["off"] == (Status.FAIL, "off: tracing PassThrough (expected Active)")
    assert found["tf"][0] == Status.UNKNOWN
    assert (
        demo_tracing.__name__ == "demo_tracing"
        and demo_tracing.__doc__ == "Stub: replaced by the declaration."
    )
    assert [f.status for f in demo_tracing(Inventory())] == [Status.NOT_APPLICABLE]


def test_every_catalogued_practice_has_a_risk_level_and_a_question() -> None:
    from coattail.review.checks._wa_catalog import BEST_PRACTICE_RISK, QUESTIONS, question_of

    assert set(BEST_PRACTICE_RISK) == set(BEST_PRACTICES)
    assert set(BEST_PRACTICE_RISK.values()) <= {"high", "medium", "low"}
    assert {question_of(bp) for bp in BEST_PRACTICES} <= set(QUESTIONS)
