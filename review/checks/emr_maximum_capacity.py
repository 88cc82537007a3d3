"""The Spark application is capped at the resources the workload needs."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EMRServerlessApp, Inventory
from coattail.review.model import Finding


@check(
    id="emr_maximum_capacity",
    kind="claim",
    title="EMR Serverless maximum capacity is capped at the documented size",
    pillar="sustainability",
    bp_id="SUS05-BP01",
    severity="medium",
    service="emr-serverless",
    resource_type="AWS::EMRServerless::Application",
    rationale="Without a cap, auto-scaling may claim far more workers than three small streaming jobs need; "
    "the cap bounds both energy and cost.",
    remediation="Set maximum_capacity cpu and memory to the measured need.",
    remediation_terraform='maximum_capacity { cpu = "4 vCPU"  memory = "8 GB" }',
    params={"max_vcpu": 400, "max_memory_gb": 3000},
)
def emr_maximum_capacity(inv: Inventory, p: Params) -> Findings:
    cpu, mem = p.num("max_vcpu"), p.num("max_memory_gb")

    def judge(app: EMRServerlessApp) -> Finding:
        c, m = app.max_cpu_vcpu, app.max_memory_gb
        ok = c is not None and m is not None and c <= cpu and m <= mem
        return unknown_attributes(app, "max_cpu_vcpu", "max_memory_gb") or verdict(
            app,
            ok,
            f"maximum capacity {c:g} vCPU / {m:g} GB" if ok and c is not None and m is not None else "",
            f"maximum capacity {c} vCPU / {m} GB (cap {cpu:g} vCPU / {mem:g} GB)",
            max_cpu_vcpu=c,
            max_memory_gb=m,
        )

    yield from each(inv, EMRServerlessApp, "EMR Serverless applications", judge)
