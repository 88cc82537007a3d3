"""Cases for the ECR repository checks (their policies: cases_resource_policy.py)."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import ECRRepository, PolicyDocument

OWN = "123456789012"


def _policy(principal: Any, action: str) -> PolicyDocument:
    document = PolicyDocument.parse(
        {"Statement": [{"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "*"}]}
    )
    assert document is not None
    return document


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U = b.Row, b.PASS, b.FAIL, b.UNKNOWN
    good = b.make(
        ECRRepository,
        "api",
        scan_on_push=True,
        tag_mutability="IMMUTABLE",
        lifecycle_rules=2,
        policy=_policy({"AWS": f"arn:aws:iam::{OWN}:role/ci"}, "ecr:BatchGetImage"),
    )
    bad = b.make(ECRRepository, "legacy", scan_on_push=False, tag_mutability="MUTABLE", lifecycle_rules=0)
    return {
        "ecr_image_scan_on_push": [
            R(b.inventory(good), {P: {"api"}}),
            R(b.inventory(good, bad), {P: {"api"}, F: {"legacy"}}),
            R(b.inventory(), {b.NA: {"ecr:ECR repositories"}}),
        ],
        "ecr_tags_immutable": [
            R(
                b.inventory(good, b.make(ECRRepository, "excl", tag_mutability="IMMUTABLE_WITH_EXCLUSION")),
                {P: {"api", "excl"}},
            ),
            R(b.inventory(bad), {F: {"legacy"}}),
        ],
        "ecr_lifecycle_policy": [
            R(b.inventory(good), {P: {"api"}}),
            R(b.inventory(bad, b.make(ECRRepository, "unread")), {F: {"legacy"}, U: {"unread"}}),
        ],
    }
