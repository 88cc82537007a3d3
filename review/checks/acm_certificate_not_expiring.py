"""Certificates are renewed well before they expire."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import ACMCertificate, Inventory
from coattail.review.model import Finding

#: Statuses of certificates that are (or were) valid; pending or failed requests never were.
JUDGED = ("ISSUED", "EXPIRED", "INACTIVE")


@check(
    id="acm_certificate_not_expiring",
    title="ACM certificates are not expired or about to expire",
    pillar="security",
    bp_id="SEC09-BP01",
    severity="high",
    service="acm",
    resource_type="AWS::CertificateManager::Certificate",
    rationale="An expired certificate breaks TLS for every client of the endpoint that uses it; imported "
    "certificates are never renewed by ACM and an Amazon-issued one still inside the window means its "
    "managed renewal is failing.",
    remediation="Renew and re-import the certificate (aws acm import-certificate --certificate-arn <arn> "
    "...) or replace it with an Amazon-issued, DNS-validated certificate that ACM renews.",
    remediation_terraform='resource "aws_acm_certificate" "this" {\n  domain_name       = "example.com"\n'
    '  validation_method = "DNS"\n  lifecycle {\n    create_before_destroy = true\n  }\n}',
    params={"days": 30},
)
def acm_certificate_not_expiring(inv: Inventory, p: Params) -> Findings:
    days = p.int("days")
    taken = [s.collected_at for s in inv.sources]
    now = max(taken) if taken else None  # the review clock: when the inventory was collected

    def judge(c: ACMCertificate) -> Finding:
        pending = unknown_attributes(c, "not_after")
        if pending:
            return pending
        if c.not_after is None or now is None:
            return unknown(c, "expiry date not known" if now else "collection time not known")
        left = (c.not_after - now).total_seconds() / 86400
        expiry = f"{c.not_after:%Y-%m-%d}"
        if left < 0 or c.status == "EXPIRED":
            bad = f"expired on {expiry}"
        else:
            bad = f"expires on {expiry}, in {int(left)} d (< {days} d)"
        return verdict(
            c,
            left >= days and c.status != "EXPIRED",
            f"valid until {expiry} ({int(left)} d left)",
            bad,
            not_after=c.not_after,
            days_left=int(left),
            certificate_status=c.status,
            in_use_by=list(c.in_use_by),
        )

    yield from each(
        inv,
        ACMCertificate,
        "ACM certificates",
        judge,
        select=lambda c: c.status is None or c.status in JUDGED,
    )
