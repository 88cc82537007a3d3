"""The least-privilege read-only IAM policy the live collector needs, derived from the specs."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import botocore.session
from botocore import xform_name

from coattail.review.collectors.live.spec import ResourceSpec
from coattail.review.collectors.live.specs import ALL_SPECS

IAM_PREFIX = {"stepfunctions": "states", "apigatewayv2": "apigateway", "efs": "elasticfilesystem"}


@cache
def _operation_names(service: str) -> dict[str, str]:
    model = botocore.session.get_session().get_service_model(service)
    return {xform_name(op): op for op in model.operation_names}


def action(service: str, operation: str) -> str:
    api = _operation_names(service).get(operation)
    if api is None:
        raise KeyError(f"{service} has no operation {operation}")
    return f"{IAM_PREFIX.get(service, service)}:{api}"


def spec_actions(spec: ResourceSpec) -> set[str]:
    list_service = spec.list_service or spec.service
    actions = {spec.list_action or action(list_service, spec.list_operation)}
    if spec.parent is not None:
        actions.add(spec.parent.action or action(list_service, spec.parent.operation))
    for d in spec.details:
        actions.add(d.action or action(d.service or spec.service, d.operation))
    for b in spec.batch:
        actions.add(b.action or action(spec.service, b.operation))
    actions.update(spec.extra_actions)
    return actions


def read_only_policy(specs: Iterable[ResourceSpec] = ALL_SPECS) -> dict[str, Any]:
    actions: set[str] = {"sts:GetCallerIdentity"}
    for spec in specs:
        actions |= spec_actions(spec)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CtcReviewReadOnly",
                "Effect": "Allow",
                "Action": sorted(actions),
                "Resource": "*",
            }
        ],
    }
