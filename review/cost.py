"""Cost summary: active cost per hour and idle cost per day from the resources in an Inventory.

Prices come from the dated, region-specific table shipped in ``review/pricing/<region>.yaml``;
the demo workload (traffic, stored data, demo hours) from ``review/pricing/workload.yaml``. Both
are printed with the estimate, which the reports compare with the seed's figures. The result is
a plain dict stored in ``ReviewResults.cost``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from coattail.review.carbon import estimate_carbon
from coattail.review.cost_lines import (
    DAYS_PER_MONTH,
    GB,
    HOURS_PER_MONTH,
    WEEKS_PER_MONTH,
    Line,
    Priced,
    Rates,
    beyond_free_tier,
    one_per_name,
)
from coattail.review.cost_services import PRICERS_BESIDE, not_priced
from coattail.review.inventory.run_state import StoppedState
from coattail.review.inventory.snapshot import Inventory

DEFAULT_REGION = "us-east-1"


class PricingError(ValueError):
    """The pricing table for a region is missing or malformed."""


def pricing_dir() -> Path:
    return Path(str(files("coattail.review").joinpath("pricing")))


def available_regions(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or pricing_dir()).glob("*.yaml") if p.stem != "workload")


def load_pricing(region: str = DEFAULT_REGION, directory: Path | None = None) -> dict[str, Any]:
    path = (directory or pricing_dir()) / f"{region}.yaml"
    if not path.is_file():
        raise PricingError(
            f"no pricing table for region {region!r}; available: {', '.join(available_regions(directory))} "
            f"(add review/pricing/{region}.yaml)"
        )
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("region", "as_of", "source", "prices"):
        if key not in (table or {}):
            raise PricingError(f"{path}: missing {key!r}")
    if table["region"] != region:
        raise PricingError(f"{path}: says region {table['region']!r}, expected {region!r}")
    return dict(table)


def load_workload(path: Path | None = None) -> dict[str, Any]:
    return dict(yaml.safe_load((path or pricing_dir() / "workload.yaml").read_text(encoding="utf-8")))


def region_of(inventory: Inventory) -> str:
    """The region most of the inventory's resources are in (the pricing and carbon region)."""
    regions = [r.region for r in inventory.resources() if r.region]
    return max(set(regions), key=regions.count) if regions else DEFAULT_REGION


def ingest_gb_per_hour(records_per_second: float, record_bytes: float) -> float:
    """On-demand ingest is billed per record rounded up to the next 1 KB, not per byte."""
    return records_per_second * math.ceil(record_bytes / 1024) * 1024 * 3600 / GB


def price_kinesis(inventory: Inventory, rates: Rates) -> Priced:
    """Kinesis: stream-hours (and extended retention) while the stream exists, data while the demo runs."""
    w, prices = rates.workload, rates.prices
    out = Priced()
    lines = out.lines
    streams = one_per_name(inventory.kinesis_streams)
    kp = prices["kinesis"]
    on_demand = [s for s in streams if (s.stream_mode or "ON_DEMAND") == "ON_DEMAND"]
    provisioned = [s for s in streams if s.stream_mode == "PROVISIONED"]
    if on_demand:
        lines.append(
            Line(
                "Kinesis",
                "on-demand stream-hours (billed while the stream exists)",
                "idle",
                len(on_demand),
                "streams",
                kp["on_demand_stream_hour"],
                len(on_demand) * kp["on_demand_stream_hour"] * 24,
                tuple(s.name for s in on_demand),
            )
        )
        gb_per_hour = ingest_gb_per_hour(w["trades_per_second"], w["event_bytes"])
        lines.append(
            Line(
                "Kinesis",
                f"data ingested (trades, {w['event_bytes']} B records billed as "
                f"{math.ceil(w['event_bytes'] / 1024)} KB each)",
                "active",
                gb_per_hour,
                "GB/h",
                kp["on_demand_ingest_per_gb"],
                gb_per_hour * kp["on_demand_ingest_per_gb"],
            )
        )
        retrieved = w["trades_per_second"] * w["event_bytes"] * 3600 / GB * w["stream_consumers"]
        lines.append(
            Line(
                "Kinesis",
                "data retrieved (consumers)",
                "active",
                retrieved,
                "GB/h",
                kp["on_demand_retrieval_per_gb"],
                retrieved * kp["on_demand_retrieval_per_gb"],
            )
        )
        extended = [s for s in on_demand if (s.retention_hours or 24) > 24]
        if extended:
            stored = float(w.get("stored_gb_kinesis_extended", 0.0)) * len(extended)
            lines.append(
                Line(
                    "Kinesis",
                    "extended retention beyond 24 h (stored GB)",
                    "idle",
                    stored,
                    "GB",
                    kp["on_demand_extended_retention_gb_month"],
                    stored * kp["on_demand_extended_retention_gb_month"] / DAYS_PER_MONTH,
                    tuple(s.name for s in extended),
                )
            )
    if provisioned:
        shards = sum(s.shard_count or 1 for s in provisioned)
        lines.append(
            Line(
                "Kinesis",
                "provisioned shard-hours (billed while the stream exists)",
                "idle",
                shards,
                "shards",
                kp["provisioned_shard_hour"],
                shards * kp["provisioned_shard_hour"] * 24,
                tuple(s.name for s in provisioned),
            )
        )
        extended = [s for s in provisioned if (s.retention_hours or 24) > 24]
        if extended:
            ext_shards = sum(s.shard_count or 1 for s in extended)
            lines.append(
                Line(
                    "Kinesis",
                    "extended retention beyond 24 h (provisioned shard-hours)",
                    "idle",
                    ext_shards,
                    "shards",
                    kp["provisioned_extended_retention_shard_hour"],
                    ext_shards * kp["provisioned_extended_retention_shard_hour"] * 24,
                    tuple(s.name for s in extended),
                )
            )
    return out


def price_emr_serverless(inventory: Inventory, rates: Rates) -> Priced:
    """EMR Serverless: maximum capacity while a job runs; the pre-initialised capacity after it."""
    w, prices = rates.workload, rates.prices
    out = Priced()
    lines = out.lines
    notes = out.notes
    ep = prices["emr_serverless"]
    tail_cost = 0.0
    for app in one_per_name(inventory.emr_serverless_apps):
        vcpu = app.max_cpu_vcpu or float(w["emr_default_max_vcpu"])
        gb = app.max_memory_gb or float(w["emr_default_max_gb"])
        if app.max_cpu_vcpu is None or app.max_memory_gb is None:
            notes.append(
                f"EMR Serverless {app.name}: maximum capacity not recorded, "
                f"assumed {vcpu:g} vCPU / {gb:g} GB."
            )
        arm = (app.architecture or "X86_64").upper() == "ARM64"
        vcpu_rate, gb_rate = (
            (ep["arm_vcpu_hour"], ep["arm_gb_hour"]) if arm else (ep["vcpu_hour"], ep["gb_hour"])
        )
        arch = "ARM64" if arm else "x86_64"
        lines.append(
            Line(
                "EMR Serverless",
                f"{app.name}: max capacity {vcpu:g} vCPU ({arch})",
                "active",
                vcpu,
                "vCPU",
                vcpu_rate,
                vcpu * vcpu_rate,
                (app.name,),
            )
        )
        lines.append(
            Line(
                "EMR Serverless",
                f"{app.name}: max capacity {gb:g} GB ({arch})",
                "active",
                gb,
                "GB",
                gb_rate,
                gb * gb_rate,
                (app.name,),
            )
        )
        pre_vcpu = sum((c.cpu_vcpu or 0) * c.count for c in app.initial_capacity)
        pre_gb = sum((c.memory_gb or 0) * c.count for c in app.initial_capacity)
        if app.auto_stop_enabled is False:
            notes.append(
                f"EMR Serverless {app.name}: auto-stop is off, pre-initialised capacity bills while idle."
            )
            idle = (pre_vcpu * vcpu_rate + pre_gb * gb_rate) * 24
            lines.append(
                Line(
                    "EMR Serverless",
                    f"{app.name}: pre-initialised capacity (no auto-stop)",
                    "idle",
                    24,
                    "hours",
                    pre_vcpu * vcpu_rate + pre_gb * gb_rate,
                    idle,
                    (app.name,),
                )
            )
        else:
            minutes = app.auto_stop_idle_minutes or 15
            tail_cost += (pre_vcpu * vcpu_rate + pre_gb * gb_rate) * minutes / 60
            notes.append(
                f"EMR Serverless {app.name}: pre-initialised {pre_vcpu:g} vCPU / {pre_gb:g} GB stop after "
                f"{minutes} idle minutes (auto-stop); that tail is counted per demo session in the month."
            )
    out.tail_cost = tail_cost
    return out


def price_dynamodb(inventory: Inventory, rates: Rates) -> Priced:
    """DynamoDB: requests while active, storage always (provisioned capacity bills while idle)."""
    w, prices = rates.workload, rates.prices
    out = Priced()
    lines = out.lines
    dp = prices["dynamodb"]
    tables = one_per_name(inventory.dynamodb_tables)
    for table_ in tables:
        if (table_.billing_mode or "PAY_PER_REQUEST") == "PAY_PER_REQUEST":
            wru = w["alerts_per_hour"] * w["wru_per_alert"]
            rru = w["api_requests_per_hour"] * w["rru_per_api_request"]
            lines.append(
                Line(
                    "DynamoDB",
                    f"{table_.name}: on-demand writes",
                    "active",
                    wru,
                    "WRU/h",
                    dp["on_demand_write_per_million"] / 1e6,
                    wru * dp["on_demand_write_per_million"] / 1e6,
                    (table_.name,),
                )
            )
            lines.append(
                Line(
                    "DynamoDB",
                    f"{table_.name}: on-demand reads",
                    "active",
                    rru,
                    "RRU/h",
                    dp["on_demand_read_per_million"] / 1e6,
                    rru * dp["on_demand_read_per_million"] / 1e6,
                    (table_.name,),
                )
            )
        else:
            units = (table_.write_capacity or 0) * dp["provisioned_wcu_hour"] + (
                table_.read_capacity or 0
            ) * dp["provisioned_rcu_hour"]
            lines.append(
                Line(
                    "DynamoDB",
                    f"{table_.name}: provisioned capacity (bills while idle)",
                    "idle",
                    24,
                    "hours",
                    units,
                    units * 24,
                    (table_.name,),
                )
            )
        if table_.pitr_enabled:
            lines.append(
                Line(
                    "DynamoDB",
                    f"{table_.name}: point-in-time recovery (continuous backups)",
                    "idle",
                    w["stored_gb_dynamodb"],
                    "GB",
                    dp["pitr_gb_month"],
                    w["stored_gb_dynamodb"] * dp["pitr_gb_month"] / DAYS_PER_MONTH,
                    (table_.name,),
                )
            )
        storage = w["stored_gb_dynamodb"] * dp["storage_gb_month"] / DAYS_PER_MONTH
        lines.append(
            Line(
                "DynamoDB",
                f"{table_.name}: storage",
                "idle",
                w["stored_gb_dynamodb"],
                "GB",
                dp["storage_gb_month"],
                storage,
                (table_.name,),
            )
        )
    return out


def price_lambda_and_api(inventory: Inventory, rates: Rates) -> Priced:
    """Lambda and API Gateway: the dashboard's polling while active."""
    w, prices, apply_free = rates.workload, rates.prices, rates.apply_free
    out = Priced()
    lines = out.lines
    functions = one_per_name(inventory.lambda_functions)
    api_functions = [f for f in functions if "api" in f.name.lower()] or functions[:1]
    if api_functions:
        lp = prices["lambda"]
        fn = api_functions[0]
        memory_gb = (fn.memory_mb or w["lambda_memory_mb_default"]) / 1024
        gb_s = w["api_requests_per_hour"] * w["lambda_duration_ms"] / 1000 * memory_gb
        requests = w["api_requests_per_hour"]
        lines.append(
            Line(
                "Lambda",
                f"{fn.name}: requests",
                "active",
                requests,
                "requests/h",
                lp["requests_per_million"] / 1e6,
                0.0 if apply_free else requests * lp["requests_per_million"] / 1e6,
                (fn.name,),
            )
        )
        lines.append(
            Line(
                "Lambda",
                f"{fn.name}: compute",
                "active",
                gb_s,
                "GB-s/h",
                lp["gb_second"],
                gb_s * lp["gb_second"],
                (fn.name,),
            )
        )
    on_events = [f.name for f in functions if f not in api_functions]
    if on_events:
        out.notes.append(
            f"Lambda {', '.join(on_events)}: invoked only by their events (the batch workflow, the billing "
            "auto-stop alarm), billed per request and GB-s when invoked; nothing while idle."
        )
    ap = prices["apigateway"]
    rest = one_per_name(inventory.apigateway_rest_apis)
    http = one_per_name(inventory.apigateway_http_apis)
    if rest or http:
        per_million = ap["rest_requests_per_million"] if rest else ap["http_requests_per_million"]
        names = tuple(a.name for a in (*rest, *http))
        requests = w["api_requests_per_hour"]
        lines.append(
            Line(
                "API Gateway",
                f"{'REST' if rest else 'HTTP'} API requests",
                "active",
                requests,
                "requests/h",
                per_million / 1e6,
                requests * per_million / 1e6,
                names,
            )
        )
    for stage in one_per_name(inventory.apigateway_stages):
        if stage.cache_cluster_enabled:
            size = str(stage.cache_cluster_size or "0.5")
            hourly = ap["cache_hour_by_size_gb"].get(size)
            if hourly is None:
                out.notes.append(f"API Gateway cache cluster of {size} GB on {stage.name}: no price listed")
                continue
            lines.append(
                Line(
                    "API Gateway",
                    f"{stage.name}: cache cluster {size} GB (bills every hour it exists)",
                    "idle",
                    24,
                    "hours",
                    hourly,
                    24 * hourly,
                    (stage.name,),
                )
            )
    return out


def price_s3(inventory: Inventory, rates: Rates) -> Priced:
    """S3: storage always, requests while active."""
    w, prices = rates.workload, rates.prices
    out = Priced()
    lines = out.lines
    sp = prices["s3"]
    buckets = one_per_name(inventory.s3_buckets)
    if buckets:
        lines.append(
            Line(
                "S3",
                f"storage in {len(buckets)} buckets",
                "idle",
                w["stored_gb_s3"],
                "GB",
                sp["standard_gb_month"],
                w["stored_gb_s3"] * sp["standard_gb_month"] / DAYS_PER_MONTH,
                tuple(b.name for b in buckets),
            )
        )
        lines.append(
            Line(
                "S3",
                "PUT requests (checkpoints, Iceberg commits)",
                "active",
                w["s3_put_requests_per_hour"],
                "requests/h",
                sp["put_per_thousand"] / 1000,
                w["s3_put_requests_per_hour"] * sp["put_per_thousand"] / 1000,
            )
        )
    return out


def price_cloudwatch(inventory: Inventory, rates: Rates) -> Priced:
    """CloudWatch: alarms and dashboards always, custom metrics while published."""
    w, prices, free, apply_free = rates.workload, rates.prices, rates.free, rates.apply_free
    out = Priced()
    lines = out.lines
    cp = prices["cloudwatch"]
    alarms = one_per_name(inventory.cloudwatch_alarms)
    dashboards = one_per_name(inventory.cloudwatch_dashboards)
    if alarms:
        billable = beyond_free_tier(len(alarms), int(free.get("cloudwatch_alarms", 0)), apply_free)
        lines.append(
            Line(
                "CloudWatch",
                f"{len(alarms)} alarms ({billable} beyond the free tier)",
                "idle",
                billable,
                "alarms",
                cp["alarm_month"],
                billable * cp["alarm_month"] / DAYS_PER_MONTH,
                tuple(a.name for a in alarms),
            )
        )
    if dashboards:
        billable = beyond_free_tier(len(dashboards), int(free.get("cloudwatch_dashboards", 0)), apply_free)
        lines.append(
            Line(
                "CloudWatch",
                f"{len(dashboards)} dashboards ({billable} beyond the free tier)",
                "idle",
                billable,
                "dashboards",
                cp["dashboard_month"],
                billable * cp["dashboard_month"] / DAYS_PER_MONTH,
                tuple(d.name for d in dashboards),
            )
        )
    metrics = beyond_free_tier(
        int(w["custom_metrics"]), int(free.get("cloudwatch_custom_metrics", 0)), apply_free
    )
    lines.append(
        Line(
            "CloudWatch",
            f"{w['custom_metrics']} custom metrics ({metrics} beyond the free tier)",
            "active",
            metrics,
            "metrics",
            cp["custom_metric_month"] / HOURS_PER_MONTH,
            metrics * cp["custom_metric_month"] / HOURS_PER_MONTH,
        )
    )
    return out


def price_ssm(inventory: Inventory, rates: Rates) -> Priced:
    """SSM Parameter Store: standard parameters (free)."""
    prices = rates.prices
    out = Priced()
    lines = out.lines
    params = one_per_name(inventory.ssm_parameters)
    if params:
        lines.append(
            Line(
                "SSM",
                f"{len(params)} standard parameters",
                "idle",
                len(params),
                "parameters",
                prices.get("ssm", {}).get("standard_parameter_month", 0.0),
                0.0,
                tuple(p.name for p in params),
            )
        )
    return out


PRICERS = (
    price_kinesis,
    price_emr_serverless,
    price_dynamodb,
    price_lambda_and_api,
    price_s3,
    price_cloudwatch,
    price_ssm,
)


def estimate(
    inventory: Inventory,
    *,
    region: str | None = None,
    workload: Mapping[str, Any] | None = None,
    pricing_directory: Path | None = None,
) -> dict[str, Any]:
    """The cost summary of the resources in ``inventory`` (see the module docstring)."""
    region = region or region_of(inventory)
    table = load_pricing(region, pricing_directory)
    w = dict(load_workload() if workload is None else workload)
    rates = Rates(table["prices"], table.get("free_tier", {}), w, bool(w.get("apply_free_tier", True)))
    priced = [price(inventory, rates) for price in (*PRICERS, *PRICERS_BESIDE)]
    if inventory.stopped_state is not None:
        priced.append(running_only(priced, inventory.stopped_state))
    summary = summarise(table, region, rates, priced, not_priced(inventory))
    summary["carbon"] = estimate_carbon(inventory, region, w)
    return summary


def running_only(priced: list[Priced], stopped: StoppedState) -> Priced:
    """Idle lines whose resources the stopped state removes bill only while the platform runs:
    they become running-hour lines (the per-day cost over 24). Returns the note saying so."""
    moved: list[str] = []
    for line in (line for part in priced for line in part.lines):
        if line.mode == "idle" and line.resources and all(stopped.removes(r) for r in line.resources):
            line.mode, line.cost = "active", line.cost / 24
            line.item += " (removed when stopped: billed while running)"
            moved.extend(r for r in line.resources if r not in moved)
    note = (
        f"The plan of the stopped state ({stopped.plan}) removes {len(stopped.addresses)} resource(s); "
        + (
            f"{', '.join(moved)} therefore bill only while the platform runs."
            if moved
            else "none of them is priced as idle."
        )
    )
    return Priced(notes=[note])


def summarise(
    table: Mapping[str, Any],
    region: str,
    rates: Rates,
    priced: list[Priced],
    unpriced: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Totals, the seed comparison and the notes.

    ``idle`` lines bill per day whether the demo runs or not (resources that exist); ``active``
    lines per hour only while it runs. An hour of a running demo costs active + idle/24; stopped,
    the platform costs the idle figure: whatever the inventory still holds.
    """
    w, apply_free = rates.workload, rates.apply_free
    lines = [line for part in priced for line in part.lines]
    notes = [note for part in priced for note in part.notes]
    tail_cost = sum(part.tail_cost for part in priced)
    usage = sum(line.cost for line in lines if line.mode == "active")
    idle = sum(line.cost for line in lines if line.mode == "idle")
    active = usage + idle / 24
    hours = float(w["demo_hours_per_week"]) * WEEKS_PER_MONTH
    monthly = (
        usage * hours + idle * DAYS_PER_MONTH + tail_cost * float(w["sessions_per_week"]) * WEEKS_PER_MONTH
    )
    seed = dict(w.get("seed", {}))
    by_service: dict[str, float] = {}
    idle_by_service: dict[str, float] = {}
    for line in lines:
        hourly = line.cost if line.mode == "active" else line.cost / 24
        by_service[line.service] = by_service.get(line.service, 0.0) + hourly
        if line.mode == "idle":
            idle_by_service[line.service] = idle_by_service.get(line.service, 0.0) + line.cost
    if seed:
        notes.append(
            f"Compared with the seed: active {active:.2f} vs {seed['active_per_hour']:.2f} USD/h, "
            f"idle {idle:.4f} vs < {seed['idle_per_day']:.2f} USD/day, "
            f"monthly {monthly:.2f} vs {seed['monthly_low']:g}-{seed['monthly_high']:g} USD."
        )
    if idle_by_service:
        top = sorted(idle_by_service.items(), key=lambda kv: -kv[1])
        notes.append(
            "While stopped, what the inventory still holds bills "
            + ", ".join(f"{service} {cost:.4f}" for service, cost in top if cost > 0)
            + " USD/day."
        )
    if seed and idle > float(seed.get("idle_per_day", 0)):
        remaining = ", ".join(
            s for s, cost in sorted(idle_by_service.items(), key=lambda kv: -kv[1]) if cost > 0
        )
        notes.append(
            f"The seed's idle claim (< {seed['idle_per_day']:.2f} USD/day) does not hold for this inventory: "
            f"{remaining} still bill while stopped (see the idle lines)."
        )
    if apply_free:
        notes.append(
            "Always-free allowances applied (CloudWatch alarms/dashboards/metrics, Lambda requests, X-Ray "
            "traces, Step Functions transitions)."
        )
    if unpriced:
        notes.append(
            "Not priced: "
            + "; ".join(f"{u['resource_type']} ({u['count']})" for u in unpriced)
            + " (no price in the table; the figures leave them out)."
        )
    return {
        "currency": table.get("currency", "USD"),
        "region": region,
        "pricing": {
            "source": table["source"],
            "as_of": str(table["as_of"]),
            "file": f"review/pricing/{region}.yaml",
        },
        "active_per_hour": round(active, 4),
        "usage_per_hour": round(usage, 4),
        "idle_per_day": round(idle, 4),
        "idle_by_service": {k: round(v, 6) for k, v in sorted(idle_by_service.items())},
        "not_priced": list(unpriced or []),
        "monthly": round(monthly, 2),
        "demo_hours_per_week": w["demo_hours_per_week"],
        "active_by_service": {k: round(v, 4) for k, v in sorted(by_service.items())},
        "lines": [line.as_dict() for line in lines],
        "seed": seed,
        "workload": {k: v for k, v in w.items() if k != "seed"},
        "notes": notes,
    }
