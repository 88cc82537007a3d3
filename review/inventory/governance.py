"""Account governance: KMS keys, budgets, CloudTrail trails, WAFv2 web ACLs."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.policy import PolicyDocument


class KMSKey(Resource):
    resource_type: ClassVar[str] = "AWS::KMS::Key"
    service: ClassVar[str] = "kms"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_kms_key",)

    key_id: str | None = None
    manager: str | None = None  # AWS | CUSTOMER
    key_state: str | None = None
    key_spec: str | None = None
    key_usage: str | None = None
    rotation_enabled: bool | None = None
    deletion_window_days: int | None = None
    deletion_date: datetime | None = None  # when a key pending deletion is deleted
    aliases: tuple[str, ...] = ()
    policy: PolicyDocument | None = None


class BudgetNotification(Frozen):
    notification_type: str  # ACTUAL | FORECASTED
    comparison_operator: str
    threshold: float
    threshold_type: str | None = None  # PERCENTAGE | ABSOLUTE_VALUE
    subscribers: tuple[str, ...] | None = None  # None = not collected (e.g. live source)


class Budget(Resource):
    resource_type: ClassVar[str] = "AWS::Budgets::Budget"
    service: ClassVar[str] = "budgets"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_budgets_budget",)

    budget_type: str | None = None
    limit_amount: float | None = None
    limit_unit: str | None = None
    time_unit: str | None = None
    notifications: tuple[BudgetNotification, ...] = ()


class ManagementEventSelector(Frozen):
    """Which management events one of a trail's selectors records (basic or advanced form)."""

    read_write: str  # All | ReadOnly | WriteOnly
    event_sources: tuple[str, ...] = ()  # only these sources (empty: every source)
    excluded_sources: tuple[str, ...] = ()

    def records(self, event_source: str) -> bool:
        """Whether this selector records management events of ``event_source`` at all."""
        listed = not self.event_sources or event_source in self.event_sources
        return listed and event_source not in self.excluded_sources


class CloudTrailTrail(Resource):
    resource_type: ClassVar[str] = "AWS::CloudTrail::Trail"
    service: ClassVar[str] = "cloudtrail"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_cloudtrail",)

    s3_bucket: str | None = None
    is_multi_region: bool | None = None
    include_global_events: bool | None = None
    log_file_validation: bool | None = None
    kms_key_id: str | None = None
    is_logging: bool | None = None
    #: GetTrailStatus: when log files last reached the bucket, and the error of the last failed delivery
    latest_delivery_at: datetime | None = None
    latest_delivery_error: str | None = None
    cloudwatch_log_group_arn: str | None = None
    data_event_resource_types: tuple[str, ...] = ()  # e.g. AWS::S3::Object, AWS::LakeFormation::...
    #: GetEventSelectors: the selectors recording management events; None = the selectors were not reported
    management_event_selectors: tuple[ManagementEventSelector, ...] | None = None


class WafRule(Frozen):
    name: str
    priority: int | None = None
    rate_limit: int | None = None
    managed_rule_group: str | None = None


class WafWebAcl(Resource):
    resource_type: ClassVar[str] = "AWS::WAFv2::WebACL"
    service: ClassVar[str] = "wafv2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_wafv2_web_acl",)

    scope: str | None = None  # REGIONAL | CLOUDFRONT
    default_action: str | None = None  # allow | block
    rules: tuple[WafRule, ...] = ()
    associated_resource_arns: tuple[str, ...] = ()

    @property
    def rate_limited(self) -> bool:
        return any(r.rate_limit for r in self.rules)
