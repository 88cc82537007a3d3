"""AWS Step Functions state machines with their definition parsed into states."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from coattail.review.inventory.base import Frozen, Resource


class SfnRetrier(Frozen):
    errors: tuple[str, ...] = ()
    interval_seconds: float | None = None
    max_attempts: int | None = None
    backoff_rate: float | None = None


class SfnCatcher(Frozen):
    errors: tuple[str, ...] = ()
    next: str | None = None


class SfnState(Frozen):
    name: str
    type: str  # Task | Choice | Wait | Pass | Succeed | Fail | Parallel | Map
    resource: str | None = None
    next: str | None = None
    end: bool = False
    retry: tuple[SfnRetrier, ...] = ()
    catch: tuple[SfnCatcher, ...] = ()
    parent: str | None = None  # enclosing Parallel/Map state for nested states

    @property
    def is_task(self) -> bool:
        return self.type == "Task"


class SfnDefinition(Frozen):
    start_at: str | None = None
    states: tuple[SfnState, ...] = ()

    @classmethod
    def parse(cls, raw: str | dict[str, Any] | None) -> SfnDefinition | None:
        if raw is None or raw == "":
            return None
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ValueError(f"state machine definition is not valid JSON: {exc}") from exc
        if not isinstance(raw, dict):
            raise ValueError("state machine definition must be a JSON object")
        return cls(start_at=raw.get("StartAt"), states=tuple(_states(raw.get("States") or {}, None)))

    @property
    def tasks(self) -> tuple[SfnState, ...]:
        return tuple(s for s in self.states if s.is_task)

    def state(self, name: str) -> SfnState | None:
        return next((s for s in self.states if s.name == name), None)


def _states(states: dict[str, Any], parent: str | None) -> list[SfnState]:
    out: list[SfnState] = []
    for name, body in states.items():
        out.append(
            SfnState(
                name=name,
                type=str(body.get("Type", "")),
                resource=body.get("Resource"),
                next=body.get("Next"),
                end=bool(body.get("End", False)),
                retry=tuple(
                    SfnRetrier(
                        errors=tuple(r.get("ErrorEquals", ())),
                        interval_seconds=r.get("IntervalSeconds"),
                        max_attempts=r.get("MaxAttempts"),
                        backoff_rate=r.get("BackoffRate"),
                    )
                    for r in body.get("Retry", ())
                ),
                catch=tuple(
                    SfnCatcher(errors=tuple(c.get("ErrorEquals", ())), next=c.get("Next"))
                    for c in body.get("Catch", ())
                ),
                parent=parent,
            )
        )
        for branch in body.get("Branches", ()):
            out.extend(_states(branch.get("States") or {}, name))
        processor = body.get("ItemProcessor") or body.get("Iterator")
        if processor:
            out.extend(_states(processor.get("States") or {}, name))
    return out


class StepFunctionsStateMachine(Resource):
    resource_type: ClassVar[str] = "AWS::StepFunctions::StateMachine"
    service: ClassVar[str] = "stepfunctions"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_sfn_state_machine",)

    machine_type: str | None = None  # STANDARD | EXPRESS
    role_arn: str | None = None
    definition: SfnDefinition | None = None
    logging_level: str | None = None  # ALL | ERROR | FATAL | OFF
    logging_include_execution_data: bool | None = None
    tracing_enabled: bool | None = None
    status: str | None = None
