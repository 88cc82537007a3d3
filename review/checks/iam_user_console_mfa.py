"""IAM users who can sign in to the console have MFA."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, passed, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import IAMUser, Inventory
from coattail.review.model import Finding


@check(
    id="iam_user_console_mfa",
    title="IAM users with a console password have MFA",
    pillar="security",
    bp_id="SEC02-BP01",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::User",
    rationale=(
        "A console password without a second factor is one leaked or guessed password away from "
        "an interactive session with the user's permissions."
    ),
    remediation=(
        "aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png "
        "--bootstrap-method QRCodePNG && aws iam enable-mfa-device --user-name <user> --serial-number "
        "<arn> --authentication-code1 <code> --authentication-code2 <next code> "
        "(or remove the console password: aws iam delete-login-profile --user-name <user>)"
    ),
    remediation_terraform=(
        "# users enrol their own MFA device; require it with a policy denying everything but MFA "
        "self-service when aws:MultiFactorAuthPresent is false, attached to the users' group"
    ),
)
def iam_user_console_mfa(inv: Inventory) -> Findings:
    def judge(user: IAMUser) -> Finding:
        if user.console_access is None or (user.console_access and user.mfa_devices is None):
            return unknown(user, "console password and MFA devices not evidenced")
        if not user.console_access:
            return passed(user, "no console password", console_access=False)
        devices = user.mfa_devices or ()
        return verdict(
            user,
            bool(devices),
            f"console password with MFA ({len(devices)} device(s))",
            "console password without MFA",
            console_access=True,
            mfa_devices=devices,
        )

    yield from each(inv, IAMUser, "IAM users", judge)
