"""Every resource spec the live collector runs, one module per service group."""

from __future__ import annotations

from coattail.review.collectors.live.spec import ResourceSpec
from coattail.review.collectors.live.specs import (
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

ALL_SPECS: tuple[ResourceSpec, ...] = (
    *storage.SPECS,
    *iam.SPECS,
    *compute.SPECS,
    *monitoring.SPECS,
    *edge.SPECS,
    *governance.SPECS,
    *foundations.SPECS,
    *network.SPECS,
    *rds_elb.SPECS,
)
