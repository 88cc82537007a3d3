"""Terraform resource normalisers, one module per service group (mirrors ``live/specs``)."""

from __future__ import annotations

from collections.abc import Callable

from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.terraform.normalise import (
    compute,
    edge,
    foundations,
    governance,
    iam,
    monitoring,
    network,
    rds_elb,
    storage,
)
from coattail.review.inventory import Resource

Normaliser = Callable[[TfContext, TfResource], Resource]

NORMALISERS: dict[str, Normaliser] = {
    **storage.NORMALISERS,
    **iam.NORMALISERS,
    **compute.NORMALISERS,
    **monitoring.NORMALISERS,
    **edge.NORMALISERS,
    **governance.NORMALISERS,
    **foundations.NORMALISERS,
    **network.NORMALISERS,
    **rds_elb.NORMALISERS,
}
