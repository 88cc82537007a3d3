"""The common shape of every inventory resource, whatever source it came from."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from coattail.review.model import Location, SourceKind


class Frozen(BaseModel):
    """Immutable, strict base: unknown fields are an error, instances are snapshots."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Resource(Frozen):
    """Fields every resource carries, identical for live and Terraform sources.

    ``id`` is the ARN for live resources; for Terraform it is the ARN when known, else the
    address. ``unknown_attributes`` names attributes whose value Terraform only knows after
    apply (their model value is ``None``): checks should answer UNKNOWN for them, not FAIL.
    """

    resource_type: ClassVar[str] = "AWS::Unknown"
    service: ClassVar[str] = "unknown"
    tf_types: ClassVar[tuple[str, ...]] = ()

    id: str
    name: str
    source: SourceKind
    region: str | None = None
    account: str | None = None
    tf_address: str | None = None
    location: Location | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    unknown_attributes: tuple[str, ...] = ()
    #: Created by AWS in every account or region (the default event bus, VPC, security group):
    #: judged on its configuration, but not on what an owner adds to resources they create (tags).
    aws_default: bool = False

    @property
    def arn(self) -> str | None:
        return self.id if self.id.startswith("arn:") else None

    def is_unknown(self, attribute: str) -> bool:
        return attribute in self.unknown_attributes

    def evidence(self) -> str:
        """How a report cites this resource: ARN, else Terraform address with file:line."""
        if self.location is not None and self.tf_address:
            line = f":{self.location.start_line}" if self.location.start_line else ""
            return f"{self.tf_address} ({self.location.path}{line})"
        return self.id

    def attributes(self) -> dict[str, Any]:
        """The typed attributes (no identity/provenance fields): what drift compares."""
        return self.model_dump(mode="json", exclude=_IDENTITY_FIELDS)


_IDENTITY_FIELDS = {"id", "source", "region", "account", "tf_address", "location", "unknown_attributes"}
