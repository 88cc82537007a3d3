"""Helpers of the EC2 instance checks: instance families read from instance type names."""

from __future__ import annotations

import re

#: ``m7g.large`` -> family ``m7g``; prefix letters, generation digits, attribute letters.
_FAMILY = re.compile(r"^(?P<series>[a-z]+)(?P<generation>\d+)(?P<options>[a-z-]*)\.")

#: Families AWS lists as previous generation (docs: "Previous generation instances"), for
#: instances whose classification was not read from DescribeInstanceTypes (Terraform plans).
PREVIOUS_GENERATION = frozenset(
    {
        "a1",
        "c1",
        "c3",
        "c4",
        "cc2",
        "cg1",
        "cr1",
        "d2",
        "g2",
        "g3",
        "g3s",
        "hi1",
        "hs1",
        "i2",
        "m1",
        "m2",
        "m3",
        "m4",
        "p2",
        "p3",
        "r3",
        "r4",
        "t1",
        "x1",
        "x1e",
    }
)


def family(instance_type: str) -> str | None:
    found = _FAMILY.match(instance_type)
    return instance_type.split(".", 1)[0] if found else None


def graviton(instance_type: str) -> bool:
    """AWS Graviton (arm64) families carry ``g`` right after the generation (t4g, m7g, c7gn, x2gd);
    a1 is the first Graviton family."""
    found = _FAMILY.match(instance_type)
    return bool(found and (found.group("options").startswith("g") or family(instance_type) == "a1"))
