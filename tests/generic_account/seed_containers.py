"""The clean account's container registry and event bus: a repository that scans on push, keeps tags
immutable, expires old images and lets only this account's CI role pull; a custom event bus that
only this account may put events on."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, tag_list

REPOSITORY = "shop-checkout"
BUS = "shop-orders-bus"
EXPIRE_UNTAGGED = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "expire untagged images after 14 days",
            "selection": {
                "tagStatus": "untagged",
                "countType": "sinceImagePushed",
                "countUnit": "days",
                "countNumber": 14,
            },
            "action": {"type": "expire"},
        }
    ]
}


def _statement(principal: Any, action: Any) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Sid": "own", "Effect": "Allow", "Principal": principal, "Action": action}],
        }
    )


def seed(aws: Any) -> None:
    ecr = aws("ecr")
    ecr.create_repository(
        repositoryName=REPOSITORY,
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "KMS"},
        tags=tag_list(),
    )
    ecr.put_lifecycle_policy(repositoryName=REPOSITORY, lifecyclePolicyText=json.dumps(EXPIRE_UNTAGGED))
    ecr.set_repository_policy(
        repositoryName=REPOSITORY,
        policyText=_statement(
            {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        ),
    )
    events = aws("events")
    events.create_event_bus(Name=BUS, Tags=tag_list())
    events.put_permission(EventBusName=BUS, Action="events:PutEvents", Principal=ACCOUNT, StatementId="own")
