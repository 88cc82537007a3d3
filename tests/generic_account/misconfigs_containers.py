"""Misconfigurations of the clean account's container registry and event bus."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_containers import BUS, REPOSITORY


def _pullable_by_anyone(aws: Any) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"]}
        ],
    }
    aws("ecr").set_repository_policy(repositoryName=REPOSITORY, policyText=json.dumps(policy))


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "ECR repository does not scan on push",
            "ecr_image_scan_on_push",
            REPOSITORY,
            lambda aws: aws("ecr").put_image_scanning_configuration(
                repositoryName=REPOSITORY, imageScanningConfiguration={"scanOnPush": False}
            ),
        ),
        M(
            "ECR image tags made mutable",
            "ecr_tags_immutable",
            REPOSITORY,
            lambda aws: aws("ecr").put_image_tag_mutability(
                repositoryName=REPOSITORY, imageTagMutability="MUTABLE"
            ),
        ),
        M(
            "ECR lifecycle policy deleted",
            "ecr_lifecycle_policy",
            REPOSITORY,
            lambda aws: aws("ecr").delete_lifecycle_policy(repositoryName=REPOSITORY),
        ),
        M("ECR repository pullable by anyone", "resource_policy_not_public", REPOSITORY, _pullable_by_anyone),
        M(
            "Event bus open to a foreign account",
            "resource_policy_not_public",
            BUS,
            lambda aws: aws("events").put_permission(
                EventBusName=BUS, Action="events:PutEvents", Principal="999988887777", StatementId="partner"
            ),
        ),
    ]
