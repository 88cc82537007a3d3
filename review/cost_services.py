"""The services priced beside the core data path: KMS keys, Fargate tasks and their public IPv4
addresses, CloudWatch Logs, X-Ray traces and WAF web ACLs; and what the estimate could not price.

Every resource type the inventory can hold is either priced by a pricer, free to keep (listed in
``FREE_TO_KEEP`` with why), or reported under ``not_priced`` with its resources, so a reader sees
what the figure leaves out instead of a silent zero.
"""

from __future__ import annotations

from typing import Any

from coattail.review.checks._common import aws_managed_key
from coattail.review.cost_lines import DAYS_PER_MONTH, Line, Priced, Rates, one_per_name
from coattail.review.inventory import CloudTrailTrail
from coattail.review.inventory.snapshot import RESOURCE_FIELDS, Inventory


def price_kms(inventory: Inventory, rates: Rates) -> Priced:
    """KMS: a customer-managed key bills monthly while it exists (AWS-managed keys do not)."""
    out = Priced()
    keys = [k for k in one_per_name(inventory.kms_keys) if not aws_managed_key(k)]
    keys = [
        k for k in keys if (k.key_state or "Enabled") not in ("PendingDeletion", "PendingReplicaDeletion")
    ]
    if keys:
        month = rates.prices["kms"]["customer_key_month"]
        out.lines.append(
            Line(
                "KMS",
                f"{len(keys)} customer-managed keys",
                "idle",
                len(keys),
                "keys",
                month,
                len(keys) * month / DAYS_PER_MONTH,
                tuple(k.name for k in keys),
            )
        )
    return out


def price_fargate(inventory: Inventory, rates: Rates) -> Priced:
    """Fargate: each task definition's vCPU and memory, one task while the demo runs, plus its public IPv4."""
    out = Priced()
    fp, w = rates.prices["fargate"], rates.workload
    tasks = [
        t for t in one_per_name(inventory.ecs_task_definitions) if "FARGATE" in t.requires_compatibilities
    ]
    for t in tasks:
        arm = (t.cpu_architecture or "X86_64").upper() == "ARM64"
        vcpu, gb = (t.cpu or 256) / 1024, (t.memory_mb or 512) / 1024
        vcpu_rate, gb_rate = (
            (fp["arm_vcpu_hour"], fp["arm_gb_hour"]) if arm else (fp["vcpu_hour"], fp["gb_hour"])
        )
        out.lines.append(
            Line(
                "Fargate",
                f"task {t.family}: {vcpu:g} vCPU, {gb:g} GB ({'ARM64' if arm else 'x86_64'})",
                "active",
                1,
                "tasks",
                vcpu * vcpu_rate + gb * gb_rate,
                vcpu * vcpu_rate + gb * gb_rate,
                (t.name,),
            )
        )
        if w.get("tasks_use_public_ipv4", True):
            ip = rates.prices["vpc"]["public_ipv4_hour"]
            out.lines.append(
                Line(
                    "VPC",
                    f"public IPv4 address of task {t.family}",
                    "active",
                    1,
                    "addresses",
                    ip,
                    ip,
                    (t.name,),
                )
            )
    if tasks and w.get("tasks_use_public_ipv4", True):
        out.notes.append(
            "Fargate tasks are assumed to run with a public IPv4 address (no NAT gateway: they reach the "
            "exchanges directly); the service's network setting is not collected."
        )
    return out


def price_nat(inventory: Inventory, rates: Rates) -> Priced:
    """NAT gateways bill by the hour while they exist (data processed comes on top)."""
    out = Priced()
    gateways = [g for g in one_per_name(inventory.nat_gateways) if g.billing]
    if gateways:
        hour = rates.prices["vpc"]["nat_gateway_hour"]
        out.lines.append(
            Line(
                "VPC",
                f"{len(gateways)} NAT gateways",
                "idle",
                len(gateways),
                "gateways",
                hour,
                len(gateways) * hour * 24,
                tuple(g.name for g in gateways),
            )
        )
    return out


def trail_log_groups(inventory: Inventory) -> tuple[str, ...]:
    """Log groups a CloudTrail trail delivers to: their ingestion goes on while the platform is idle."""
    names = set()
    for trail in inventory.by_type(CloudTrailTrail):
        arn = trail.cloudwatch_log_group_arn
        if arn and ":log-group:" in arn:
            names.add(arn.partition(":log-group:")[2].removesuffix(":*"))
    return tuple(sorted(names))


def price_logs(inventory: Inventory, rates: Rates) -> Priced:
    """CloudWatch Logs: ingestion while the demo runs, stored log data always."""
    out = Priced()
    groups = one_per_name(inventory.log_groups)
    lp, w = rates.prices["logs"], rates.workload
    functions = one_per_name(inventory.lambda_functions)
    if groups or functions:
        gb_hour = float(w["log_gb_per_hour"])
        out.lines.append(
            Line(
                "CloudWatch Logs",
                "log data ingested",
                "active",
                gb_hour,
                "GB/h",
                lp["ingest_per_gb"],
                gb_hour * lp["ingest_per_gb"],
                tuple(g.name for g in groups),
            )
        )
        trail_groups = trail_log_groups(inventory)
        if trail_groups:
            gb_day = float(w["trail_events_gb_per_day"])
            out.lines.append(
                Line(
                    "CloudWatch Logs",
                    "management events a trail delivers (every day, stopped or not)",
                    "idle",
                    gb_day,
                    "GB/day",
                    lp["ingest_per_gb"],
                    gb_day * lp["ingest_per_gb"],
                    trail_groups,
                )
            )
        stored = float(w["log_stored_gb"])
        out.lines.append(
            Line(
                "CloudWatch Logs",
                "log data stored",
                "idle",
                stored,
                "GB",
                lp["storage_gb_month"],
                stored * lp["storage_gb_month"] / DAYS_PER_MONTH,
                tuple(g.name for g in groups),
            )
        )
    return out


def price_xray(inventory: Inventory, rates: Rates) -> Priced:
    """X-Ray: traces recorded by functions with active tracing, beyond the monthly free traces."""
    out = Priced()
    traced = [f for f in one_per_name(inventory.lambda_functions) if f.tracing_mode == "Active"]
    if traced:
        xp, w = rates.prices["xray"], rates.workload
        per_hour = float(w["api_requests_per_hour"])
        free_per_hour = (
            float(rates.free.get("xray_traces", 0)) / (float(w["demo_hours_per_week"]) * 52 / 12)
            if rates.apply_free
            else 0.0
        )
        billable = max(0.0, per_hour - free_per_hour)
        out.lines.append(
            Line(
                "X-Ray",
                f"traces recorded ({billable:.0f}/h beyond the free tier)",
                "active",
                billable,
                "traces/h",
                xp["traces_recorded_per_million"] / 1e6,
                billable * xp["traces_recorded_per_million"] / 1e6,
                tuple(f.name for f in traced),
            )
        )
    return out


def price_waf(inventory: Inventory, rates: Rates) -> Priced:
    """WAF: each web ACL and each of its rules bill monthly while they exist; requests while active."""
    out = Priced()
    acls = one_per_name(inventory.waf_web_acls)
    if acls:
        wp, w = rates.prices["waf"], rates.workload
        rules = sum(len(a.rules) for a in acls)
        monthly = len(acls) * wp["web_acl_month"] + rules * wp["rule_month"]
        out.lines.append(
            Line(
                "WAF",
                f"{len(acls)} web ACLs with {rules} rules",
                "idle",
                len(acls),
                "web ACLs",
                wp["web_acl_month"],
                monthly / DAYS_PER_MONTH,
                tuple(a.name for a in acls),
            )
        )
        per_hour = float(w["api_requests_per_hour"])
        out.lines.append(
            Line(
                "WAF",
                "requests inspected",
                "active",
                per_hour,
                "requests/h",
                wp["requests_per_million"] / 1e6,
                per_hour * wp["requests_per_million"] / 1e6,
            )
        )
    return out


def price_stepfunctions(inventory: Inventory, rates: Rates) -> Priced:
    """Step Functions (standard): the scheduled batch's state transitions, daily, beyond the free tier."""
    out = Priced()
    machines = one_per_name(inventory.state_machines)
    if machines:
        w, per_thousand = rates.workload, rates.prices["stepfunctions"]["standard_transitions_per_thousand"]
        per_day = float(w["batch_transitions_per_day"]) * len(machines)
        free_per_day = (
            float(rates.free.get("stepfunctions_transitions", 0)) / DAYS_PER_MONTH if rates.apply_free else 0
        )
        billable = max(0.0, per_day - free_per_day)
        out.lines.append(
            Line(
                "Step Functions",
                f"state transitions ({billable:.0f}/day beyond the free tier)",
                "idle",
                billable,
                "transitions/day",
                per_thousand / 1000,
                billable * per_thousand / 1000,
                tuple(m.name for m in machines),
            )
        )
    return out


#: Resource types that cost nothing to keep, and why (their usage, if any, is priced elsewhere).
FREE_TO_KEEP: dict[str, str] = {
    "AWS::IAM::Role": "IAM is free",
    "AWS::IAM::ManagedPolicy": "IAM is free",
    "AWS::Glue::Database": "Data Catalog: the first million objects are free",
    "AWS::Glue::Table": "Data Catalog: the first million objects are free",
    "AWS::LakeFormation::DataLakeSettings": "Lake Formation permissions are free",
    "AWS::LakeFormation::Permissions": "Lake Formation permissions are free",
    "AWS::LakeFormation::Tag": "Lake Formation permissions are free",
    "AWS::LakeFormation::TagAssociation": "Lake Formation permissions are free",
    "AWS::Events::Rule": "scheduled and AWS-service event rules are free",
    "AWS::SNS::Topic": "a topic is free; publishes are within the free tier",
    "AWS::SQS::Queue": "a queue is free; the first million requests a month are free",
    "AWS::SSM::Parameter": "priced (standard parameters are free)",
    "AWS::ECS::Cluster": "a cluster is free; its Fargate tasks are priced",
    "AWS::ApiGateway::Stage": "priced with its API (requests); a cache cluster is priced by the hour",
    "AWS::ApiGatewayV2::Stage": "priced with its API (requests)",
    "AWS::Budgets::Budget": "the first two budgets of an account are free",
    "AWS::CloudTrail::Trail": "the first trail of management events is free",
    "AWS::Events::EventBus": "a bus is free; custom events are 1 USD per million (not collected)",
    "AWS::CE::AnomalyMonitor": "Cost Anomaly Detection is free",
    "AWS::ECR::Repository": "a repository is free; image storage (0.10 USD/GB-month) is not collected",
    "AWS::IAM::User": "IAM is free",
    "AWS::IAM::Group": "IAM is free",
    "AWS::IAM::AccountSettings": "IAM is free",
    "AWS::EC2::SecurityGroup": "security groups are free",
    "AWS::EC2::VPC": "a VPC is free (its flow logs bill as log data, its NAT gateways are priced)",
    "AWS::EC2::EBSEncryptionByDefault": "a region setting, free",
    "AWS::S3::AccountPublicAccessBlock": "an account setting, free",
    "AWS::Glue::DataCatalog": "a catalog's resource policy is free (catalog storage and requests bill "
    "as usage, not priced here)",
    "AWS::Config::ConfigurationRecorder": "the recorder costs nothing to keep; AWS Config bills per "
    "configuration item recorded and rule evaluation (usage, not priced here)",
    "AWS::GuardDuty::Detector": "GuardDuty bills by the volume of events and logs it analyses "
    "(usage, not priced here), nothing per detector",
    "AWS::SecurityHub::Hub": "Security Hub bills per security check and finding ingested "
    "(usage, not priced here), nothing per hub",
    "AWS::AccessAnalyzer::Analyzer": "external-access analyzers are free (unused-access analyzers bill "
    "per IAM role and user monitored, not priced here)",
    "AWS::CertificateManager::Certificate": "public and imported ACM certificates are free (private-CA "
    "certificates bill with their CA, not collected)",
    "AWS::EC2::Image": "an image is free to keep; its EBS snapshots bill (listed as snapshots)",
    "AWS::Backup::BackupVault": "a vault is free; its recovery points bill per GB-month (not collected)",
}

#: Resource types that bill but that no pricer estimates yet: ``not_priced`` lists their resources
#: in the report (the figure leaves them out and says so).
BILLED_NOT_PRICED: dict[str, str] = {
    "AWS::EC2::Instance": "bills per instance-hour by type and purchase option: not estimated",
    "AWS::EC2::Volume": "bills per provisioned GB-month (and IOPS/throughput) by volume type: not estimated",
    "AWS::EC2::Snapshot": "bills per GB-month of the blocks it stores: not estimated",
    "AWS::EFS::FileSystem": "bills per GB-month stored by storage class (and throughput): not estimated",
    "AWS::KinesisFirehose::DeliveryStream": "bills per GB ingested (and format conversion): not estimated",
    "AWS::EC2::EIP": "every public IPv4 address bills per hour, associated or not: not estimated",
    "AWS::Logs::MetricFilter": "a filter is free; the custom metric it publishes bills per metric-month "
    "(0.30 USD beyond the free 10): not estimated",
}

#: Resource types the pricers of cost.py and this module price from the inventory.
PRICED: frozenset[str] = frozenset(
    {
        "AWS::Kinesis::Stream",
        "AWS::EMRServerless::Application",
        "AWS::DynamoDB::Table",
        "AWS::Lambda::Function",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGatewayV2::Api",
        "AWS::S3::Bucket",
        "AWS::CloudWatch::Alarm",
        "AWS::CloudWatch::Dashboard",
        "AWS::KMS::Key",
        "AWS::ECS::TaskDefinition",
        "AWS::Logs::LogGroup",
        "AWS::WAFv2::WebACL",
        "AWS::StepFunctions::StateMachine",
        "AWS::EC2::NatGateway",
        "AWS::SecretsManager::Secret",
        "AWS::RDS::DBInstance",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
    }
)


def not_priced(inventory: Inventory) -> list[dict[str, Any]]:
    """Resource types in the inventory that are neither priced nor free to keep, with their resources."""
    out: list[dict[str, Any]] = []
    for cls, attr in RESOURCE_FIELDS.items():
        if cls.resource_type in PRICED or cls.resource_type in FREE_TO_KEEP:
            continue
        names = sorted({r.name for r in getattr(inventory, attr)})
        if names:
            out.append({"resource_type": cls.resource_type, "count": len(names), "resources": names})
    return out


def price_secrets(inventory: Inventory, rates: Rates) -> Priced:
    """Secrets Manager: each stored secret bills monthly while it exists (API calls are negligible)."""
    out = Priced()
    secrets = one_per_name(inventory.secrets)
    if secrets:
        month = rates.prices["secretsmanager"]["secret_month"]
        out.lines.append(
            Line(
                "Secrets Manager",
                f"{len(secrets)} secrets",
                "idle",
                len(secrets),
                "secrets",
                month,
                len(secrets) * month / DAYS_PER_MONTH,
                tuple(s.name for s in secrets),
            )
        )
    return out


def price_rds(inventory: Inventory, rates: Rates) -> Priced:
    """RDS: each instance's hours (its class and engine, doubled for Multi-AZ) while it is not stopped,
    and its allocated storage always; a class or engine not in the table is named in a note."""
    out = Priced()
    rp = rates.prices.get("rds") or {}
    hourly: dict[str, dict[str, float]] = rp.get("instance_hour") or {}
    unpriced: list[str] = []
    for db in one_per_name(inventory.rds_instances):
        copies = 2 if db.multi_az else 1
        engine = (db.engine or "").lower()
        rate = (hourly.get(engine) or {}).get(db.instance_class or "")
        if db.status != "stopped":
            if rate is None:
                unpriced.append(f"{db.name} ({db.engine} {db.instance_class})")
            else:
                out.lines.append(
                    Line(
                        "RDS",
                        f"instance {db.name}: {db.instance_class} {db.engine}"
                        + (" Multi-AZ" if db.multi_az else ""),
                        "idle",
                        copies,
                        "instances",
                        rate,
                        copies * rate * 24,
                        (db.name,),
                    )
                )
        if db.allocated_storage_gb and not db.in_cluster:
            month = float(rp.get("storage_gb_month", 0.0))
            gb = float(db.allocated_storage_gb) * copies
            out.lines.append(
                Line(
                    "RDS",
                    f"instance {db.name}: {db.allocated_storage_gb} GB storage"
                    + (" (two copies, Multi-AZ)" if db.multi_az else ""),
                    "idle",
                    gb,
                    "GB",
                    month,
                    gb * month / DAYS_PER_MONTH,
                    (db.name,),
                )
            )
    if unpriced:
        out.notes.append(
            "RDS instance hours not priced (class or engine not in the price table): " + ", ".join(unpriced)
        )
    if inventory.rds_instances:
        out.notes.append(
            "RDS: backup storage beyond the databases' size, provisioned IOPS and data transfer are "
            "not priced."
        )
    return out


def price_elb(inventory: Inventory, rates: Rates) -> Priced:
    """Load balancers bill by the hour while they exist; capacity units (LCU) come on top, not priced."""
    out = Priced()
    ep = rates.prices.get("elb") or {}
    for lb in one_per_name(inventory.load_balancers):
        hour = ep.get(f"{lb.lb_type or 'application'}_hour")
        if hour is None:
            out.notes.append(
                f"load balancer {lb.name} ({lb.lb_type}) not priced: type not in the price table"
            )
            continue
        out.lines.append(
            Line(
                "ELB",
                f"{lb.lb_type} load balancer {lb.name}",
                "idle",
                1,
                "load balancers",
                hour,
                hour * 24,
                (lb.name,),
            )
        )
    if inventory.load_balancers:
        out.notes.append("Load balancers: capacity units (LCU) beyond the hourly charge are not priced.")
    return out


PRICERS_BESIDE = (
    price_kms,
    price_fargate,
    price_nat,
    price_logs,
    price_xray,
    price_waf,
    price_stepfunctions,
    price_secrets,
    price_rds,
    price_elb,
)
