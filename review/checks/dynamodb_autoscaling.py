"""DynamoDB capacity follows the load: on-demand, or provisioned with auto scaling."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import DynamoDBTable, Inventory
from coattail.review.model import Finding

#: A provisioned table scales only the dimensions registered with Application Auto Scaling.
DIMENSIONS = ("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits")


@check(
    id="dynamodb_autoscaling",
    title="Provisioned DynamoDB tables scale read and write capacity automatically",
    pillar="cost_optimization",
    bp_id="COST06-BP03",
    severity="medium",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="Fixed provisioned capacity is sized for the peak and paid for around the clock, or "
    "sized for the average and throttles at the peak; auto scaling (or on-demand billing) makes the "
    "capacity follow the consumed units.",
    remediation="aws application-autoscaling register-scalable-target --service-namespace dynamodb "
    "--resource-id table/<name> --scalable-dimension dynamodb:table:ReadCapacityUnits --min-capacity 1 "
    "--max-capacity <n>  (and WriteCapacityUnits, each with a target-tracking policy), or "
    "aws dynamodb update-table --table-name <name> --billing-mode PAY_PER_REQUEST",
    remediation_terraform='resource "aws_appautoscaling_target" "read" {\n  service_namespace  = "dynamodb"\n'
    '  resource_id        = "table/${aws_dynamodb_table.t.name}"\n'
    '  scalable_dimension = "dynamodb:table:ReadCapacityUnits"\n  min_capacity = 1\n  max_capacity = 50\n}',
)
def dynamodb_autoscaling(inv: Inventory) -> Findings:
    def judge(t: DynamoDBTable) -> Finding:
        waiting = unknown_attributes(t, "billing_mode")
        if waiting is not None:
            return waiting
        if t.billing_mode == "PAY_PER_REQUEST":
            return verdict(t, True, "on-demand capacity (PAY_PER_REQUEST)", "", billing_mode=t.billing_mode)
        if t.autoscaled_dimensions is None:
            return unknown(t, "autoscaled_dimensions not read", unknown_attributes=["autoscaled_dimensions"])
        missing = [d.rsplit(":", 1)[-1] for d in DIMENSIONS if d not in t.autoscaled_dimensions]
        return verdict(
            t,
            not missing,
            "provisioned capacity with read and write auto scaling",
            f"provisioned at {t.read_capacity} RCU / {t.write_capacity} WCU without auto scaling of "
            f"{' and '.join(missing)}",
            billing_mode=t.billing_mode,
            autoscaled_dimensions=t.autoscaled_dimensions,
        )

    yield from each(inv, DynamoDBTable, "DynamoDB tables", judge)
