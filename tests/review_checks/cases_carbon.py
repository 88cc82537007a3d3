"""Cases for the carbon estimate of a demo session."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import ECSTaskDefinition, EMRServerlessApp, S3Bucket

SESSION = "carbon:demo session (us-east-1)"


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U = b.Row, b.PASS, b.FAIL, b.UNKNOWN
    producer = b.make(
        ECSTaskDefinition, "producer", family="ctc-dev-producer", cpu=256, memory_mb=512,
        requires_compatibilities=("FARGATE",),
    )  # fmt: skip
    small = b.make(EMRServerlessApp, "spark", max_cpu_vcpu=4.0, max_memory_gb=8.0)
    large = b.make(EMRServerlessApp, "spark", max_cpu_vcpu=32.0, max_memory_gb=128.0)
    graviton = b.make(EMRServerlessApp, "spark", max_cpu_vcpu=16.0, max_memory_gb=32.0, architecture="ARM64")
    x86 = b.make(EMRServerlessApp, "spark", max_cpu_vcpu=16.0, max_memory_gb=32.0, architecture="X86_64")
    elsewhere = EMRServerlessApp(
        id="arn:aws:emr-serverless:ap-south-2:123456789012:/applications/spark",
        name="spark",
        source=small.source,
        region="ap-south-2",
        account="123456789012",
        max_cpu_vcpu=4.0,
        max_memory_gb=8.0,
    )
    return {
        "carbon_per_demo_session_within_budget": [
            R(b.inventory(small, producer, b.make(S3Bucket, "ctc-dev-raw")), {P: {SESSION}}),
            R(b.inventory(large, producer), {F: {SESSION}}),
            # the same capacity on Graviton stays within a goal that x86 exceeds
            R(b.inventory(graviton), {P: {SESSION}}, {"max_gco2e_per_session": 30}),
            R(b.inventory(x86), {F: {SESSION}}, {"max_gco2e_per_session": 30}),
            # no grid factor published for the region: not evidenced
            R(b.inventory(elsewhere), {U: {"carbon:demo session (ap-south-2)"}}),
            # stored data only: no demo session to judge
            R(b.inventory(b.make(S3Bucket, "ctc-dev-raw")), {}),
        ],
    }
