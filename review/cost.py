"""Cost summary: active cost per hour and idle cost per day from the resources in an Inventory.

Prices come from the dated, region-specific table shipped in ``review/pricing/<region>.yaml``;
the demo workload (traffic, stored data, demo hours) from ``review/pricing/workload.yaml``. Both
are printed with the estimate, which the reports compare with the seed's figures. The result is
a plain dict stored in ``ReviewResults.cost``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import yaml

from coattail.review.inventory.base import Resource
from coattail.review.inventory.snapshot import Inventory
from coattail.review.model import SourceKind

DEFAULT_REGION = "us-east-1"
HOURS_PER_MONTH = 730.0
DAYS_PER_MONTH = HOURS_PER_MONTH / 24
WEEKS_PER_MONTH = 52 / 12
GB = 1024**3

R = TypeVar("R", bound=Resource)


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


@dataclass
class Line:
    service: str
    item: str
    mode: str  # "active" (per hour while the demo runs) | "idle" (per day, always)
    quantity: float
    unit: str
    unit_price: float
    cost: float  # per hour (active) or per day (idle)
    resources: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "item": self.item,
            "mode": self.mode,
            "quantity": round(self.quantity, 4),
            "unit": self.unit,
            "unit_price": self.unit_price,
            "usd_per_hour": round(self.cost, 6) if self.mode == "active" else None,
            "usd_per_day": round(self.cost, 6) if self.mode == "idle" else None,
            "resources": list(self.resources),
        }


def _unique(resources: Iterable[R]) -> list[R]:
    """One resource per name: the live one when several sources report the same resource."""
    chosen: dict[str, R] = {}
    for r in resources:
        if r.name not in chosen or (r.source == SourceKind.LIVE and chosen[r.name].source != SourceKind.LIVE):
            chosen[r.name] = r
    return list(chosen.values())


def _region(inventory: Inventory) -> str:
    regions = [r.region for r in inventory.resources() if r.region]
    return max(set(regions), key=regions.count) if regions else DEFAULT_REGION


def _billable(count: int, free: int, apply_free: bool) -> int:
    return max(0, count - free) if apply_free else count


@dataclass(frozen=True)
class Rates:
    """The price table of one region, its free tier and the workload assumed."""

    prices: Mapping[str, Any]
    free: Mapping[str, Any]
    workload: Mapping[str, Any]
    apply_free: bool


@dataclass
class Priced:
    """What one service's resources cost: lines, notes, and the figures the summary needs."""

    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stream_hour_cost: float = 0.0  # per hour, while the streams exist
    on_demand_streams: int = 0
    tail_cost: float = 0.0  # per demo session (EMR pre-initialised capacity until auto-stop)


def price_kinesis(inventory: Inventory, rates: Rates) -> Priced:
    """Kinesis: stream-hours and data ingested and retrieved while the demo runs."""
    w, prices = rates.workload, rates.prices
    out = Priced()
    lines = out.lines
    streams = _unique(inventory.kinesis_streams)
    kp = prices["kinesis"]
    on_demand = [s for s in streams if (s.stream_mode or "ON_DEMAND") == "ON_DEMAND"]
    provisioned = [s for s in streams if s.stream_mode == "PROVISIONED"]
    stream_hour_cost = 0.0
    if on_demand:
        stream_hour_cost += len(on_demand) * kp["on_demand_stream_hour"]
        lines.append(
            Line(
                "Kinesis",
                "on-demand stream-hours",
                "active",
                len(on_demand),
                "streams",
                kp["on_demand_stream_hour"],
                len(on_demand) * kp["on_demand_stream_hour"],
                tuple(s.name for s in on_demand),
            )
        )
        gb_per_hour = w["trades_per_second"] * w["event_bytes"] * 3600 / GB
        lines.append(
            Line(
                "Kinesis",
                "data ingested (trades)",
                "active",
                gb_per_hour,
                "GB/h",
                kp["on_demand_ingest_per_gb"],
                gb_per_hour * kp["on_demand_ingest_per_gb"],
            )
        )
        retrieved = gb_per_hour * w["stream_consumers"]
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
    if provisioned:
        shards = sum(s.shard_count or 1 for s in provisioned)
        stream_hour_cost += shards * kp["provisioned_shard_hour"]
        lines.append(
            Line(
                "Kinesis",
                "provisioned shard-hours",
                "active",
                shards,
                "shards",
                kp["provisioned_shard_hour"],
                shards * kp["provisioned_shard_hour"],
                tuple(s.name for s in provisioned),
            )
        )
    out.stream_hour_cost, out.on_demand_streams = stream_hour_cost, len(on_demand)
    return out


def price_emr_serverless(inventory: Inventory, rates: Rates) -> Priced:
    """EMR Serverless: maximum capacity while a job runs; the pre-initialised capacity after it."""
    w, prices = rates.workload, rates.prices
    out = Priced()
    lines = out.lines
    notes = out.notes
    ep = prices["emr_serverless"]
    tail_cost = 0.0
    for app in _unique(inventory.emr_serverless_apps):
        vcpu = app.max_cpu_vcpu or float(w["emr_default_max_vcpu"])
        gb = app.max_memory_gb or float(w["emr_default_max_gb"])
        if app.max_cpu_vcpu is None or app.max_memory_gb is None:
            notes.append(
                f"EMR Serverless {app.name}: maximum capacity not recorded, "
                f"assumed {vcpu:g} vCPU / {gb:g} GB."
            )
        lines.append(
            Line(
                "EMR Serverless",
                f"{app.name}: max capacity {vcpu:g} vCPU",
                "active",
                vcpu,
                "vCPU",
                ep["vcpu_hour"],
                vcpu * ep["vcpu_hour"],
                (app.name,),
            )
        )
        lines.append(
            Line(
                "EMR Serverless",
                f"{app.name}: max capacity {gb:g} GB",
                "active",
                gb,
                "GB",
                ep["gb_hour"],
                gb * ep["gb_hour"],
                (app.name,),
            )
        )
        pre_vcpu = sum((c.cpu_vcpu or 0) * c.count for c in app.initial_capacity)
        pre_gb = sum((c.memory_gb or 0) * c.count for c in app.initial_capacity)
        if app.auto_stop_enabled is False:
            notes.append(
                f"EMR Serverless {app.name}: auto-stop is off, pre-initialised capacity bills while idle."
            )
            idle = (pre_vcpu * ep["vcpu_hour"] + pre_gb * ep["gb_hour"]) * 24
            lines.append(
                Line(
                    "EMR Serverless",
                    f"{app.name}: pre-initialised capacity (no auto-stop)",
                    "idle",
                    24,
                    "hours",
                    pre_vcpu * ep["vcpu_hour"] + pre_gb * ep["gb_hour"],
                    idle,
                    (app.name,),
                )
            )
        else:
            minutes = app.auto_stop_idle_minutes or 15
            tail_cost += (pre_vcpu * ep["vcpu_hour"] + pre_gb * ep["gb_hour"]) * minutes / 60
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
    tables = _unique(inventory.dynamodb_tables)
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
    functions = _unique(inventory.lambda_functions)
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
    ap = prices["apigateway"]
    rest = _unique(inventory.apigateway_rest_apis)
    http = _unique(inventory.apigateway_http_apis)
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
    return out


def price_s3(inventory: Inventory, rates: Rates) -> Priced:
    """S3: storage always, requests while active."""
    w, prices = rates.workload, rates.prices
    out = Priced()
    lines = out.lines
    sp = prices["s3"]
    buckets = _unique(inventory.s3_buckets)
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
    alarms = _unique(inventory.cloudwatch_alarms)
    dashboards = _unique(inventory.cloudwatch_dashboards)
    if alarms:
        billable = _billable(len(alarms), int(free.get("cloudwatch_alarms", 0)), apply_free)
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
        billable = _billable(len(dashboards), int(free.get("cloudwatch_dashboards", 0)), apply_free)
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
    metrics = _billable(int(w["custom_metrics"]), int(free.get("cloudwatch_custom_metrics", 0)), apply_free)
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
    params = _unique(inventory.ssm_parameters)
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
    region = region or _region(inventory)
    table = load_pricing(region, pricing_directory)
    w = dict(load_workload() if workload is None else workload)
    rates = Rates(table["prices"], table.get("free_tier", {}), w, bool(w.get("apply_free_tier", True)))
    priced = [price(inventory, rates) for price in PRICERS]
    return summarise(table, region, rates, priced)


def summarise(table: Mapping[str, Any], region: str, rates: Rates, priced: list[Priced]) -> dict[str, Any]:
    """Totals (active per hour, idle per day, monthly), the seed comparison and the report's notes."""
    w, kp, apply_free = rates.workload, rates.prices["kinesis"], rates.apply_free
    lines = [line for part in priced for line in part.lines]
    notes = [note for part in priced for note in part.notes]
    stream_hour_cost = sum(part.stream_hour_cost for part in priced)
    tail_cost = sum(part.tail_cost for part in priced)
    on_demand_streams = sum(part.on_demand_streams for part in priced)
    active = sum(line.cost for line in lines if line.mode == "active")
    idle = sum(line.cost for line in lines if line.mode == "idle")
    idle_if_streams_kept = idle + stream_hour_cost * 24
    if not w.get("streams_deleted_when_stopped", True):
        idle = idle_if_streams_kept
    hours = float(w["demo_hours_per_week"]) * WEEKS_PER_MONTH
    monthly = (
        active * hours + idle * DAYS_PER_MONTH + tail_cost * float(w["sessions_per_week"]) * WEEKS_PER_MONTH
    )
    seed = dict(w.get("seed", {}))
    by_service: dict[str, float] = {}
    for line in lines:
        if line.mode == "active":
            by_service[line.service] = by_service.get(line.service, 0.0) + line.cost
    if seed:
        notes.append(
            f"Compared with the seed: active {active:.2f} vs {seed['active_per_hour']:.2f} USD/h, "
            f"idle {idle:.4f} vs < {seed['idle_per_day']:.2f} USD/day, "
            f"monthly {monthly:.2f} vs {seed['monthly_low']:g}-{seed['monthly_high']:g} USD."
        )
        seed_k = seed.get("breakdown_per_hour", {}).get("kinesis")
        if seed_k is not None and "Kinesis" in by_service:
            notes.append(
                f"Kinesis: {by_service['Kinesis']:.3f} USD/h from {on_demand_streams} on-demand streams at "
                f"{kp['on_demand_stream_hour']} USD/stream-hour plus data, against the seed's ~{seed_k:.2f}."
            )
    if w.get("streams_deleted_when_stopped", True) and stream_hour_cost:
        notes.append(
            f"Idle assumes scripts/stop.sh removes the streams; kept deployed they bill "
            f"{stream_hour_cost * 24:.2f} USD/day (idle would be {idle_if_streams_kept:.2f} USD/day)."
        )
    if apply_free:
        notes.append(
            "Always-free allowances applied (CloudWatch alarms/dashboards/metrics, Lambda requests)."
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
        "idle_per_day": round(idle, 4),
        "idle_per_day_if_streams_kept": round(idle_if_streams_kept, 4),
        "monthly": round(monthly, 2),
        "demo_hours_per_week": w["demo_hours_per_week"],
        "active_by_service": {k: round(v, 4) for k, v in sorted(by_service.items())},
        "lines": [line.as_dict() for line in lines],
        "seed": seed,
        "workload": {k: v for k, v in w.items() if k != "seed"},
        "notes": notes,
    }
