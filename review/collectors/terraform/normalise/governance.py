"""Terraform -> inventory: KMS keys, budgets, CloudTrail trails."""

from __future__ import annotations

from coattail.review.collectors.live.specs.governance import (
    budget_notification,
    impact_threshold,
    trail_data_resource_types,
    trail_management_selectors,
)
from coattail.review.collectors.terraform.context import TfContext, refers_to
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import as_float, as_int, blank, sorted_strs
from coattail.review.inventory import (
    AnomalySubscription,
    Budget,
    CloudTrailTrail,
    CostAnomalyMonitor,
    KMSKey,
    ManagementEventSelector,
    PolicyDocument,
    Resource,
)


def kms_key(ctx: TfContext, r: TfResource) -> Resource:
    key_id = r.get("key_id") or r.get("id")
    arn = r.get("arn")
    aliases = sorted_strs(
        a.get("name")
        for a in ctx.of_type("aws_kms_alias")
        if a.get("target_key_id") in (key_id, arn) and a.get("name")
    )
    return KMSKey(
        **ctx.base(r, arn=arn, name=(aliases or (key_id or r.name,))[0]),
        key_id=key_id,
        manager="CUSTOMER",
        key_state=None,
        key_spec=r.get("customer_master_key_spec") or "SYMMETRIC_DEFAULT",
        key_usage=r.get("key_usage") or "ENCRYPT_DECRYPT",
        rotation_enabled=bool(r.get("enable_key_rotation", False)),
        deletion_window_days=as_int(r.get("deletion_window_in_days")),
        aliases=aliases,
        policy=PolicyDocument.parse(blank(r.get("policy"))),
    )


def budget(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    notifications = []
    for n in r.get("notification", []):
        subs = sorted_strs(
            [*(n.get("subscriber_email_addresses") or ()), *(n.get("subscriber_sns_topic_arns") or ())]
        )
        notifications.append(
            budget_notification(
                {
                    "NotificationType": n.get("notification_type"),
                    "ComparisonOperator": n.get("comparison_operator"),
                    "Threshold": n.get("threshold"),
                    "ThresholdType": n.get("threshold_type"),
                },
                subs,
            )
        )
    arn = r.get("arn") or (
        f"arn:{ctx.partition}:budgets::{ctx.account}:budget/{name}" if ctx.account else None
    )
    return Budget(
        **ctx.base(r, arn=arn, name=name, region=None),
        budget_type=r.get("budget_type"),
        limit_amount=as_float(r.get("limit_amount")),
        limit_unit=r.get("limit_unit"),
        time_unit=r.get("time_unit"),
        notifications=tuple(sorted(notifications, key=lambda n: (n.notification_type, n.threshold))),
    )


def trail(ctx: TfContext, r: TfResource) -> Resource:
    basic = [
        {
            "DataResources": [{"Type": d.get("type")} for d in s.get("data_resource", [])],
            "IncludeManagementEvents": s.get("include_management_events", True),
            "ReadWriteType": s.get("read_write_type") or "All",
            "ExcludeManagementEventSources": s.get("exclude_management_event_sources") or [],
        }
        for s in r.get("event_selector", [])
    ]
    advanced = [
        {
            "FieldSelectors": [
                {"Field": f.get("field"), "Equals": f.get("equals"), "NotEquals": f.get("not_equals")}
                for f in s.get("field_selector", [])
            ]
        }
        for s in r.get("advanced_event_selector", [])
    ]
    # without selectors, CloudTrail records every management event (its default selector)
    management = trail_management_selectors(basic, advanced)
    if management is None:
        management = (ManagementEventSelector(read_write="All"),)
    return CloudTrailTrail(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name), region=r.get("home_region") or ""),
        s3_bucket=r.get("s3_bucket_name"),
        is_multi_region=bool(r.get("is_multi_region_trail", False)),
        include_global_events=bool(r.get("include_global_service_events", True)),
        log_file_validation=bool(r.get("enable_log_file_validation", False)),
        kms_key_id=blank(r.get("kms_key_id")),
        is_logging=bool(r.get("enable_logging", True)),
        cloudwatch_log_group_arn=blank(r.get("cloud_watch_logs_group_arn")),
        data_event_resource_types=trail_data_resource_types(basic, advanced),
        management_event_selectors=management,
    )


def anomaly_monitor(ctx: TfContext, r: TfResource) -> Resource:
    arn = r.get("arn")
    subs = [
        s
        for s in ctx.of_type("aws_ce_anomaly_subscription")
        if (arn and arn in (s.get("monitor_arn_list") or [])) or refers_to(s, "monitor_arn_list", r)
    ]
    return CostAnomalyMonitor(
        **ctx.base(r, arn=arn, name=r.get("name", r.name), region=None),
        monitor_type=r.get("monitor_type"),
        monitor_dimension=blank(r.get("monitor_dimension")),
        subscriptions=tuple(
            sorted(
                (
                    AnomalySubscription(
                        name=s.get("name", s.name),
                        frequency=s.get("frequency"),
                        subscribers=sorted_strs(
                            f"{x.get('type')}:{x.get('address')}" for x in s.get("subscriber") or ()
                        ),
                        impact_threshold_usd=impact_threshold(
                            [
                                {"Dimensions": {"Key": d.get("key"), "Values": d.get("values")}}
                                for e in s.get("threshold_expression") or ()
                                for d in e.get("dimension") or ()
                            ]
                        ),
                    )
                    for s in subs
                ),
                key=lambda s: s.name,
            )
        ),
    )


NORMALISERS = {
    "aws_kms_key": kms_key,
    "aws_budgets_budget": budget,
    "aws_cloudtrail": trail,
    "aws_ce_anomaly_monitor": anomaly_monitor,
}
