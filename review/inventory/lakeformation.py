"""AWS Lake Formation: settings, grants, LF-Tags and the tags attached to catalog resources.

Each piece is its own resource so every grant can be cited (and located in Terraform).
Resource descriptions are normalised strings: ``database:<name>``, ``table:<db>.<name>``,
``table:<db>.*``, ``data_location:<arn>``, ``lf_tag:<key>=<v1|v2>``, ``lf_tag_policy:<expr>``,
``catalog``.
"""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource


class LakeFormationSettings(Resource):
    resource_type: ClassVar[str] = "AWS::LakeFormation::DataLakeSettings"
    service: ClassVar[str] = "lakeformation"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_lakeformation_data_lake_settings",)

    admins: tuple[str, ...] = ()
    default_database_permissions_principals: tuple[str, ...] = ()
    default_table_permissions_principals: tuple[str, ...] = ()

    @property
    def iam_allowed_principals_default(self) -> bool:
        """True when new databases/tables still grant IAM_ALLOWED_PRINCIPALS (legacy IAM-only mode)."""
        everyone = "IAM_ALLOWED_PRINCIPALS"
        return (
            everyone in self.default_database_permissions_principals
            or everyone in self.default_table_permissions_principals
        )


class LakeFormationPermission(Resource):
    resource_type: ClassVar[str] = "AWS::LakeFormation::Permissions"
    service: ClassVar[str] = "lakeformation"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_lakeformation_permissions",)

    principal: str
    resource_kind: str  # catalog | database | table | data_location | lf_tag | lf_tag_policy
    resource: str
    permissions: tuple[str, ...] = ()
    permissions_with_grant_option: tuple[str, ...] = ()


class LakeFormationTag(Resource):
    resource_type: ClassVar[str] = "AWS::LakeFormation::Tag"
    service: ClassVar[str] = "lakeformation"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_lakeformation_lf_tag",)

    key: str
    values: tuple[str, ...] = ()


class LakeFormationResourceTags(Resource):
    """LF-Tags attached to one catalog resource (database or table)."""

    resource_type: ClassVar[str] = "AWS::LakeFormation::TagAssociation"
    service: ClassVar[str] = "lakeformation"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_lakeformation_resource_lf_tags",)

    resource_kind: str
    resource: str
    lf_tags: dict[str, tuple[str, ...]] = {}
