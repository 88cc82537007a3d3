"""Amazon EventBridge rules and event buses."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.policy import PolicyDocument


class EventTarget(Frozen):
    id: str
    arn: str | None = None
    role_arn: str | None = None
    dead_letter_arn: str | None = None
    retry_max_attempts: int | None = None  # RetryPolicy; None = not set (AWS default: 185 attempts)
    retry_max_event_age_seconds: int | None = None  # RetryPolicy; None = not set (default 24 h)


class EventBridgeRule(Resource):
    resource_type: ClassVar[str] = "AWS::Events::Rule"
    service: ClassVar[str] = "events"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_cloudwatch_event_rule",)

    event_bus: str | None = None
    schedule_expression: str | None = None
    event_pattern: str | None = None
    state: str | None = None  # ENABLED | DISABLED
    targets: tuple[EventTarget, ...] = ()

    @property
    def enabled(self) -> bool:
        return self.state == "ENABLED"


class EventBus(Resource):
    """An EventBridge event bus; its resource policy says who may put events on it."""

    resource_type: ClassVar[str] = "AWS::Events::EventBus"
    service: ClassVar[str] = "events"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_cloudwatch_event_bus",)

    policy: PolicyDocument | None = None
