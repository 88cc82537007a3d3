"""Which review profile fits an account: the platform's when the account holds the platform, else generic.

The platform is recognised by what its deployment leaves in the account: the runtime parameters
under its SSM path (the ``ssm_runtime_parameters`` path of the platform's profile). Without a live
account (Terraform and repository only) the review is of this platform's own code: its profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from coattail.review.inventory import Inventory
from coattail.review.model import SourceKind

PLATFORM_PROFILE = "ctc"
GENERIC_PROFILE = "generic"


@dataclass(frozen=True)
class ProfileChoice:
    profile: str
    reason: str


def choose_profile(inventory: Inventory, platform_parameter_path: str) -> ProfileChoice:
    if SourceKind.LIVE not in inventory.source_kinds:
        return ProfileChoice(
            PLATFORM_PROFILE, "no live account was read: the platform's own Terraform and code"
        )
    found = sorted(
        p.name
        for p in inventory.ssm_parameters
        if p.source == SourceKind.LIVE and p.name.startswith(platform_parameter_path)
    )
    if found:
        return ProfileChoice(
            PLATFORM_PROFILE,
            f"the account holds the platform: {len(found)} SSM parameters under {platform_parameter_path}",
        )
    return ProfileChoice(
        GENERIC_PROFILE,
        f"no SSM parameter under {platform_parameter_path}: the account does not hold the platform",
    )
