"""KMS keys, budgets and CloudTrail trails."""

from __future__ import annotations

import json
from typing import Any

from coattail.review.collectors.live.spec import Context, Detail, Raw, ResourceSpec, tags_from_list
from coattail.review.collectors.values import as_bool, as_float, blank, sorted_strs
from coattail.review.inventory import (
    AnomalySubscription,
    Budget,
    BudgetNotification,
    CloudTrailTrail,
    CostAnomalyMonitor,
    KMSKey,
    ManagementEventSelector,
    PolicyDocument,
)
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


def _customer(raw: Raw) -> bool:
    return (raw.get("meta") or {}).get("KeyManager") == "CUSTOMER"


def _kms(raw: Raw, ctx: Context) -> KMSKey:
    m = raw["meta"]
    return KMSKey(
        id=m["Arn"],
        name=(sorted(raw.get("aliases") or ()) or [m["KeyId"]])[0],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags"), "TagKey", "TagValue"),
        key_id=m["KeyId"],
        manager=m.get("KeyManager"),
        key_state=m.get("KeyState"),
        key_spec=m.get("KeySpec") or m.get("CustomerMasterKeySpec"),
        key_usage=m.get("KeyUsage"),
        rotation_enabled=as_bool(raw.get("rotation")) if _customer(raw) else True,
        deletion_window_days=None,
        deletion_date=m.get("DeletionDate"),
        aliases=sorted_strs(raw.get("aliases")),
        policy=PolicyDocument.parse(raw.get("policy")),
    )


def _symmetric_customer(raw: Raw) -> dict[str, Any] | None:
    meta = raw.get("meta") or {}
    ok = _customer(raw) and (meta.get("KeySpec") or meta.get("CustomerMasterKeySpec")) == "SYMMETRIC_DEFAULT"
    return {"KeyId": raw["item"]["KeyId"]} if ok else None


KMS_KEYS = ResourceSpec(
    model=KMSKey,
    service="kms",
    list_operation="list_keys",
    list_path="Keys",
    details=(
        Detail("meta", "describe_key", lambda r: {"KeyId": r["item"]["KeyId"]}, "KeyMetadata"),
        Detail("aliases", "list_aliases", lambda r: {"KeyId": r["item"]["KeyId"]}, "Aliases[].AliasName"),
        Detail(
            "rotation",
            "get_key_rotation_status",
            _symmetric_customer,
            "KeyRotationEnabled",
            missing=("UnsupportedOperationException",),
        ),
        Detail(
            "policy",
            "get_key_policy",
            lambda r: {"KeyId": r["item"]["KeyId"], "PolicyName": "default"},
            "Policy",
        ),
        Detail(
            "tags",
            "list_resource_tags",
            lambda r: {"KeyId": r["item"]["KeyId"]} if _customer(r) else None,
            "Tags",
        ),
    ),
    normalise=_kms,
)


def budget_notification(n: dict[str, Any], subscribers: Any = None) -> BudgetNotification:
    return BudgetNotification(
        notification_type=n["NotificationType"],
        comparison_operator=n["ComparisonOperator"],
        threshold=float(n["Threshold"]),
        threshold_type=n.get("ThresholdType", "PERCENTAGE"),
        subscribers=subscribers,
    )


def _budget_arn(raw: Raw) -> str:
    return f"arn:aws:budgets::{raw['_account']}:budget/{raw['item']['BudgetName']}"


def _subscriber_calls(raw: Raw) -> list[dict[str, Any]]:
    return [
        {"AccountId": raw["_account"], "BudgetName": raw["item"]["BudgetName"], "Notification": n}
        for n in raw.get("notifications") or ()
    ]


def _subscribers(subs: Any) -> tuple[str, ...] | None:
    return None if subs is None else sorted_strs(s.get("Address", "") for s in subs)


def _budget(raw: Raw, ctx: Context) -> Budget:
    b = raw["item"]
    limit = b.get("BudgetLimit") or {}
    notifications = raw.get("notifications") or []
    subscribers = raw.get("subscribers") or [None] * len(notifications)
    return Budget(
        id=f"arn:{ctx.partition}:budgets::{ctx.account}:budget/{b['BudgetName']}",
        name=b["BudgetName"],
        source=LIVE,
        region=None,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        budget_type=b.get("BudgetType"),
        limit_amount=as_float(limit.get("Amount")),
        limit_unit=limit.get("Unit"),
        time_unit=b.get("TimeUnit"),
        notifications=tuple(
            sorted(
                (
                    budget_notification(n, _subscribers(s))
                    for n, s in zip(notifications, subscribers, strict=True)
                ),
                key=lambda n: (n.notification_type, n.threshold),
            )
        ),
    )


BUDGETS = ResourceSpec(
    model=Budget,
    service="budgets",
    scope="global",
    list_operation="describe_budgets",
    list_params=lambda ctx: {"AccountId": ctx.account},
    list_path="Budgets",
    list_action="budgets:ViewBudget",
    details=(
        Detail(
            "notifications",
            "describe_notifications_for_budget",
            lambda r: {"AccountId": r["_account"], "BudgetName": r["item"]["BudgetName"]},
            "Notifications",
            action="budgets:ViewBudget",
        ),
        Detail(
            "subscribers",
            "describe_subscribers_for_notification",
            _subscriber_calls,
            "Subscribers",
            action="budgets:ViewBudget",
        ),
        Detail("tags", "list_tags_for_resource", lambda r: {"ResourceARN": _budget_arn(r)}, "ResourceTags"),
    ),
    normalise=_budget,
)


def trail_data_resource_types(basic: Any, advanced: Any) -> tuple[str, ...]:
    kinds = [d.get("Type", "") for s in basic or () for d in s.get("DataResources") or ()]
    for s in advanced or ():
        for f in s.get("FieldSelectors") or ():
            if f.get("Field") == "resources.type":
                kinds.extend(f.get("Equals") or ())
    return sorted_strs(k for k in kinds if k)


def _field_values(selector: Any, field: str, operator: str) -> tuple[str, ...]:
    return tuple(
        v
        for f in selector.get("FieldSelectors") or ()
        if f.get("Field") == field
        for v in f.get(operator) or ()
    )


def trail_management_selectors(basic: Any, advanced: Any) -> tuple[ManagementEventSelector, ...] | None:
    """The selectors recording management events, from GetEventSelectors' basic or advanced form
    (None when neither is reported: AWS always reports one, so the answer is missing, not empty)."""
    if not basic and not advanced:
        return None
    found = [
        ManagementEventSelector(
            read_write=s.get("ReadWriteType") or "All",
            excluded_sources=tuple(s.get("ExcludeManagementEventSources") or ()),
        )
        for s in basic or ()
        if s.get("IncludeManagementEvents", True)
    ]
    for s in advanced or ():
        if "Management" not in _field_values(s, "eventCategory", "Equals"):
            continue
        read_only = {v.lower() for v in _field_values(s, "readOnly", "Equals")}
        found.append(
            ManagementEventSelector(
                read_write={"true": "ReadOnly", "false": "WriteOnly"}.get(next(iter(read_only)), "All")
                if len(read_only) == 1
                else "All",
                event_sources=_field_values(s, "eventSource", "Equals"),
                excluded_sources=_field_values(s, "eventSource", "NotEquals"),
            )
        )
    return tuple(found)


def _trail(raw: Raw, ctx: Context) -> CloudTrailTrail:
    t = raw["item"]
    sel = raw.get("selectors") or {}
    status = raw.get("status")
    return CloudTrailTrail(
        id=t["TrailARN"],
        name=t["Name"],
        source=LIVE,
        region=t.get("HomeRegion") or ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        s3_bucket=t.get("S3BucketName"),
        is_multi_region=bool(t.get("IsMultiRegionTrail", False)),
        include_global_events=bool(t.get("IncludeGlobalServiceEvents", True)),
        log_file_validation=bool(t.get("LogFileValidationEnabled", False)),
        kms_key_id=blank(t.get("KmsKeyId")),
        is_logging=as_bool(status.get("IsLogging")) if status else None,
        latest_delivery_at=status.get("LatestDeliveryTime") if status else None,
        latest_delivery_error=blank(status.get("LatestDeliveryError")) if status else None,
        cloudwatch_log_group_arn=blank(t.get("CloudWatchLogsLogGroupArn")),
        data_event_resource_types=trail_data_resource_types(
            sel.get("EventSelectors"), sel.get("AdvancedEventSelectors")
        ),
        management_event_selectors=trail_management_selectors(
            sel.get("EventSelectors"), sel.get("AdvancedEventSelectors")
        ),
    )


TRAILS = ResourceSpec(
    model=CloudTrailTrail,
    service="cloudtrail",
    list_operation="describe_trails",
    list_params={"includeShadowTrails": False},
    list_path="trailList",
    details=(
        Detail("status", "get_trail_status", lambda r: {"Name": r["item"]["TrailARN"]}),
        Detail("selectors", "get_event_selectors", lambda r: {"TrailName": r["item"]["TrailARN"]}),
        Detail(
            "tags",
            "list_tags",
            lambda r: {"ResourceIdList": [r["item"]["TrailARN"]]},
            "ResourceTagList[0].TagsList",
        ),
    ),
    normalise=_trail,
)


# -- Cost Anomaly Detection ---------------------------------------------------------------------
def impact_threshold(expression: Any) -> float | None:
    """The ANOMALY_TOTAL_IMPACT_ABSOLUTE floor of a subscription's threshold expression, if it sets one."""
    found: list[float] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            dim = node.get("Dimensions") or node.get("dimension") or node.get("Dimension")
            if isinstance(dim, dict) and dim.get("Key", dim.get("key")) == "ANOMALY_TOTAL_IMPACT_ABSOLUTE":
                found.extend(float(v) for v in dim.get("Values", dim.get("values")) or ())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(expression) if isinstance(expression, str) else expression)
    return min(found) if found else None


def anomaly_subscription(s: dict[str, Any]) -> AnomalySubscription:
    threshold = impact_threshold(s.get("ThresholdExpression"))
    if threshold is None and s.get("Threshold") is not None:
        threshold = float(s["Threshold"])  # the older single-number threshold
    return AnomalySubscription(
        name=s.get("SubscriptionName", ""),
        frequency=s.get("Frequency"),
        subscribers=sorted_strs(f"{x.get('Type')}:{x.get('Address')}" for x in s.get("Subscribers") or ()),
        impact_threshold_usd=threshold,
    )


def _monitor(raw: Raw, ctx: Context) -> CostAnomalyMonitor:
    m = raw["item"]
    subs = raw.get("subscriptions")
    return CostAnomalyMonitor(
        id=m["MonitorArn"],
        name=m.get("MonitorName", m["MonitorArn"]),
        source=LIVE,
        region=None,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        monitor_type=m.get("MonitorType"),
        monitor_dimension=m.get("MonitorDimension"),
        subscriptions=tuple(sorted((anomaly_subscription(s) for s in subs), key=lambda s: s.name))
        if subs is not None
        else None,
    )


ANOMALY_MONITORS = ResourceSpec(
    model=CostAnomalyMonitor,
    service="ce",
    list_operation="get_anomaly_monitors",
    list_path="AnomalyMonitors",
    details=(
        Detail(
            "subscriptions",
            "get_anomaly_subscriptions",
            lambda r: {"MonitorArn": r["item"]["MonitorArn"]},
            "AnomalySubscriptions",
        ),
        Detail(
            "tags",
            "list_tags_for_resource",
            lambda r: {"ResourceArn": r["item"]["MonitorArn"]},
            "ResourceTags",
        ),
    ),
    normalise=_monitor,
    scope="global",
)

SPECS = (KMS_KEYS, BUDGETS, TRAILS, ANOMALY_MONITORS)
