"""Databases run on Graviton instance classes."""

from __future__ import annotations

import re

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding

#: Graviton DB instance classes: a "g" after the generation digit (db.t4g, db.m7g, db.r6gd, db.x2g).
GRAVITON = re.compile(r"^db\.[a-z]+\d+g[a-z]*\.")
#: Engines available on Graviton classes (not Oracle, not SQL Server, not Db2).
GRAVITON_ENGINES = ("mysql", "mariadb", "postgres")


def _graviton_engine(db: RDSInstance) -> bool:
    return any(e in (db.engine or "") for e in GRAVITON_ENGINES)


@check(
    id="rds_graviton_instance_class",
    title="RDS DB instances use Graviton instance classes",
    pillar="sustainability",
    bp_id="SUS05-BP02",
    severity="low",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="Graviton (Arm) classes deliver the same database work with less energy than the "
    "comparable x86 classes, and cost less per hour.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --db-instance-class "
    "db.t4g.micro --apply-immediately   # the Graviton class of the same size family",
    remediation_terraform='instance_class = "db.t4g.micro"',
)
def rds_graviton_instance_class(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        cls = db.instance_class or ""
        return pending(db, "instance_class") or verdict(
            db,
            bool(GRAVITON.match(cls)),
            f"Graviton instance class {cls}",
            f"x86 instance class {cls} (a Graviton class serves {db.engine} with less energy)",
            instance_class=cls,
            engine=db.engine,
        )

    yield from each(
        inv, RDSInstance, "RDS DB instances on Graviton-capable engines", judge, select=_graviton_engine
    )
