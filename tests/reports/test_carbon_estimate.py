"""The carbon estimate (review/carbon.py), by hand from the Cloud Carbon Footprint coefficients."""

from __future__ import annotations

from typing import Any

import pytest

from coattail.review.carbon import estimate_carbon, load_coefficients
from coattail.review.cost import estimate, load_workload
from coattail.review.inventory import Inventory
from coattail.review.inventory.emr import EMRServerlessApp
from tests.reports.test_cost_estimate import live, platform_inventory

PUE, GRID = 1.135, 379.069  # review/pricing/carbon.yaml: AWS PUE, us-east-1 g/kWh


def test_a_demo_session_by_hand() -> None:
    carbon = estimate_carbon(platform_inventory(), "us-east-1", load_workload())
    parts = {x["service"]: x for x in carbon["components"]}
    # EMR Serverless at its maximum, 2 h: 4 vCPU x (0.74 + 0.5 x (3.5 - 0.74)) W + 8 GB x 0.392 W
    assert parts["EMR Serverless"]["wh"] == pytest.approx(2 * (4 * 2.12 + 8 * 0.392), abs=1e-3)
    # 720 requests/h x 0.12 s x 2 h on 256 MB: vCPU share 256/1769 (ARM64 unknown here: x86 figures)
    seconds = 720 * 0.12 * 2
    lam = seconds / 3600 * (256 / 1769 * 2.12 + 0.25 * 0.392)
    assert parts["Lambda"]["wh"] == pytest.approx(lam, abs=1e-4)
    # S3: 5 GB on HDD, 3 copies, 168 h a week
    assert parts["S3"]["wh"] == pytest.approx(5 / 1000 * 168 * 0.65 * 3, abs=1e-4)
    week_storage = sum(x["wh"] for x in carbon["components"] if x["per"] == "week")
    session_wh = parts["EMR Serverless"]["wh"] + parts["Lambda"]["wh"] + week_storage / 168 * 2
    assert carbon["per_session_gco2e"] == pytest.approx(session_wh * PUE * GRID / 1000, abs=1e-3)
    assert carbon["per_week_gco2e"] == pytest.approx(
        (parts["EMR Serverless"]["wh"] + parts["Lambda"]["wh"] + week_storage) * PUE * GRID / 1000, abs=1e-3
    )
    assert (
        "Kinesis" in carbon["not_estimated"]
        and "embodied emissions of the hardware" in carbon["not_estimated"]
    )
    assert carbon["source"].startswith("https://www.cloudcarbonfootprint.org")


def test_graviton_and_capacity_move_the_estimate() -> None:
    def with_app(**kw: object) -> Inventory:
        base = platform_inventory()
        kept = [r for r in base.resources() if not isinstance(r, EMRServerlessApp)]
        return Inventory.from_resources([*kept, live(EMRServerlessApp, "ctc-dev-spark", **kw)])

    x86 = estimate_carbon(with_app(max_cpu_vcpu=4, max_memory_gb=8), "us-east-1", load_workload())[
        "per_session_gco2e"
    ]
    arm = estimate_carbon(
        with_app(max_cpu_vcpu=4, max_memory_gb=8, architecture="ARM64"), "us-east-1", load_workload()
    )
    big = estimate_carbon(with_app(max_cpu_vcpu=32, max_memory_gb=128), "us-east-1", load_workload())[
        "per_session_gco2e"
    ]
    assert arm["per_session_gco2e"] < x86 < big
    watts = load_coefficients()["vcpu_watts"]["arm64"]
    emr = next(x for x in arm["components"] if x["service"] == "EMR Serverless")
    assert emr["wh"] == pytest.approx(
        2 * (4 * (watts["min"] + 0.5 * (watts["max"] - watts["min"])) + 8 * 0.392)
    )


def test_a_region_without_a_grid_factor_gives_energy_not_carbon() -> None:
    carbon = estimate_carbon(platform_inventory(), "ap-south-2", load_workload())
    assert carbon["grid_gco2e_per_kwh"] is None and carbon["per_session_gco2e"] is None
    assert carbon["components"] and all(x["wh"] > 0 and x["gco2e"] is None for x in carbon["components"])


def test_the_cost_summary_carries_the_carbon_estimate() -> None:
    cost = estimate(platform_inventory())
    assert (
        cost["carbon"]["per_session_gco2e"]
        == estimate_carbon(platform_inventory(), "us-east-1", load_workload())["per_session_gco2e"]
    )


def test_carbon_renders_in_the_sustainability_section(results_factory: Any) -> None:
    from coattail.review.reports.render import render_html, render_markdown

    cost = estimate(platform_inventory())
    res = results_factory(cost=cost)
    md = render_markdown(res)
    sustainability = md.split("## Pillar 6: Sustainability", 1)[1]
    part = sustainability.split("### Carbon Estimate", 1)[1].split("### Improvement", 1)[0]
    grams = cost["carbon"]["per_session_gco2e"]
    assert f"| {grams} gCO2e |" in part and "Cloud Carbon Footprint" in part
    assert "| EMR Serverless | ctc-dev-spark: 4 vCPU, 8 GB (X86_64), upper bound | session |" in part
    assert "Not estimated: Kinesis" in part
    html = render_html(res)
    assert 'id="carbon-estimate"' in html and f"{grams} gCO2e" in html
