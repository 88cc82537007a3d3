"""Secrets in Parameter Store are encrypted (SecureString)."""

from __future__ import annotations

import re

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, SSMParameter
from coattail.review.model import Finding

_SECRET = re.compile(r"(secret|password|passwd|token|api[_-]?key|private[_-]?key|credential)", re.I)


@check(
    id="ssm_parameters_no_plaintext_secrets",
    title="SSM parameters whose names suggest secrets are SecureString",
    pillar="security",
    bp_id="SEC02-BP03",
    severity="high",
    service="ssm",
    resource_type="AWS::SSM::Parameter",
    rationale="A String parameter is readable in plain text by anyone with ssm:GetParameter and shows in "
    "console history; secrets belong in SecureString (KMS) or Secrets Manager.",
    remediation="Store secret values as SecureString (or in Secrets Manager); keep configuration as String.",
    remediation_terraform='type = "SecureString"',
)
def ssm_parameters_no_plaintext_secrets(inv: Inventory) -> Findings:
    def judge(prm: SSMParameter) -> Finding:
        secret_like = bool(_SECRET.search(prm.name))
        ok = not secret_like or prm.parameter_type == "SecureString"
        return verdict(
            prm,
            ok,
            f"{prm.parameter_type} ({'secret, encrypted' if secret_like else 'configuration, not secret'})",
            f"name looks secret but type is {prm.parameter_type}",
            parameter_type=prm.parameter_type,
            secret_like_name=secret_like,
        )

    yield from each(inv, SSMParameter, "SSM parameters", judge)
