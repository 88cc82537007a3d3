"""Every place where the project corrects moto 5.2.5 so that it behaves like AWS.

One function per divergence; each docstring names the AWS behaviour it restores. They patch
moto's models and responses **inside the emulator server process only** (``python -m coattail.emulator``
calls :func:`apply_all` before serving); client-side code never imports this module.

The list: IAM managed policies; EMR Serverless status,
architecture and Spark runtime release labels; Lambda dead-letter/tracing config; Lake Formation
revoke / ListPermissions / GetResourceLFTags / GetLFTag; Step Functions
ValidateStateMachineDefinition / ListStateMachineVersions; Budgets subscribers / tags /
UpdateBudget and unique notifications; Cost Explorer anomaly monitors and subscriptions; Kinesis
CreateStream tags and O(records) shard bookkeeping; DynamoDB UpdateTable SSESpecification; Glue UpdateTable
VersionId; S3 lifecycle transition minimum object size and TLS-only bucket policies; ECS Fargate
task-level memory; EMR Serverless ListJobRuns before any run;
WAFv2 ListResourcesForWebACL; EC2 CreateImage snapshot encryption; SQS RedrivePolicy JSON and
SetQueueAttributes keeping the Policy; API Gateway PutIntegration cacheKeyParameters
and method settings of nested resource paths; CloudWatch Logs PutMetricFilter updating by name;
CloudTrail's default event selector.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_left
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

APPLIED: list[str] = []


def _divergence(func: Callable[[], None]) -> Callable[[], None]:
    """Register ``func`` as a divergence fix, applied once by :func:`apply_all`."""
    _FIXES.append(func)
    return func


_FIXES: list[Callable[[], None]] = []


def apply_all() -> list[str]:
    """Apply every fix once (idempotent); returns the names of the fixes applied."""
    for fix in _FIXES:
        if fix.__name__ not in APPLIED:
            fix()
            APPLIED.append(fix.__name__)
    return list(APPLIED)


# --------------------------------------------------------------------------------------------- IAM
@_divergence
def iam_managed_policies() -> None:
    """AWS accounts always contain the AWS managed policies (ReadOnlyAccess,
    AWSLambdaBasicExecutionRole, ...); moto loads them only when this variable is set before its
    IAM backend is first built."""
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"


# ---------------------------------------------------------------------------------- EMR Serverless
@_divergence
def emr_serverless_created_state_and_architecture() -> None:
    """A new EMR Serverless application is CREATED on AWS (not STARTED, which moto reports and which
    the provider's create waiter never accepts), and AWS stores and returns ``architecture``
    (default X86_64) and ``imageConfiguration``; moto drops them, giving a perpetual diff."""
    from moto.emrserverless import models, responses

    models.APPLICATION_STATUS = "CREATED"
    original_create = responses.EMRServerlessResponse.create_application
    original_update = responses.EMRServerlessResponse.update_application

    def _remember(self: Any, application_id: str) -> None:
        app = self.emrserverless_backend.applications[application_id]
        arch = self._get_param("architecture")
        if arch or not hasattr(app, "architecture"):
            app.architecture = arch or "X86_64"
        image = self._get_param("imageConfiguration")
        if image:
            app.image_configuration = {"imageUri": image.get("imageUri"), **image}

    def create_application(self: Any) -> Any:
        result = original_create(self)
        created: Any = result.result
        _remember(self, created["applicationId"])
        return result

    def update_application(self: Any) -> Any:
        result = original_update(self)
        _remember(self, self._get_param("applicationId"))
        return result

    responses.EMRServerlessResponse.create_application = create_application  # type: ignore[method-assign]
    responses.EMRServerlessResponse.update_application = update_application  # type: ignore[method-assign]


@_divergence
def emr_serverless_spark_runtime_release_labels() -> None:
    """AWS EMR Serverless accepts the "AWS runtime for Apache Spark" release labels
    (``emr-spark-8.0.0``: Spark 4.0.2, GA in 2026) besides ``emr-X.Y.0``; moto's label check only
    knows the ``emr-X.Y.0`` form and rejects them."""
    import re

    from moto.emrserverless import models

    spark_runtime = re.compile(r"^emr-spark-\d+\.\d+\.\d+(-\d{8}|-latest)?$")
    original = models.EMRServerlessBackend.create_application

    def create_application(self: Any, *args: Any, **kwargs: Any) -> Any:
        label = kwargs.get("release_label", "")
        if not spark_runtime.match(label):
            return original(self, *args, **kwargs)
        application = original(self, *args, **{**kwargs, "release_label": "emr-7.0.0"})
        application.release_label = label
        return application

    models.EMRServerlessBackend.create_application = create_application  # type: ignore[method-assign]


# ------------------------------------------------------------------------------------------ Lambda
@_divergence
def lambda_dead_letter_and_tracing_config() -> None:
    """AWS Lambda keeps a function's ``DeadLetterConfig`` (returned by GetFunction /
    GetFunctionConfiguration), applies ``DeadLetterConfig``, ``TracingConfig`` and ``KMSKeyArn``
    given to UpdateFunctionConfiguration and ``Architectures`` given to UpdateFunctionCode; moto
    drops the first and ignores those updates, giving perpetual diffs."""
    from moto.awslambda import models

    cls = models.LambdaFunction
    original_init = cls.__init__
    original_get = cls.get_configuration
    original_update = cls.update_configuration
    original_update_code = cls.update_function_code

    def __init__(self: Any, account_id: str, spec: dict[str, Any], region: str, version: Any = 1) -> None:
        original_init(self, account_id, spec, region, version)
        self.dead_letter_config = spec.get("DeadLetterConfig") or {}

    def get_configuration(self: Any, on_create: bool = False) -> dict[str, Any]:
        config: dict[str, Any] = original_get(self, on_create)
        target = (getattr(self, "dead_letter_config", None) or {}).get("TargetArn")
        if target:
            config["DeadLetterConfig"] = {"TargetArn": target}
        return config

    def update_configuration(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "DeadLetterConfig" in config_updates:
            self.dead_letter_config = config_updates["DeadLetterConfig"] or {}
        if "TracingConfig" in config_updates:
            self.tracing_config = config_updates["TracingConfig"] or {"Mode": "PassThrough"}
        if "KMSKeyArn" in config_updates:
            self.kms_key_arn = config_updates["KMSKeyArn"] or None
        return original_update(self, config_updates)

    def update_function_code(self: Any, updated_spec: dict[str, Any]) -> dict[str, Any]:
        if updated_spec.get("Architectures") and not updated_spec.get("DryRun"):
            self.architectures = updated_spec["Architectures"]
        return original_update_code(self, updated_spec)

    cls.__init__ = __init__  # type: ignore[method-assign]
    cls.update_function_code = update_function_code  # type: ignore[method-assign]
    cls.get_configuration = get_configuration  # type: ignore[method-assign]
    cls.update_configuration = update_configuration  # type: ignore[method-assign]


# ---------------------------------------------------------------------------------- Lake Formation
@_divergence
def lake_formation_revoke_nothing_raises() -> None:
    """AWS RevokePermissions raises InvalidInputException ("No permissions revoked. Grantee has no
    ... permission") when the principal holds none of the permissions on the resource; moto
    succeeds silently, so the provider's delete loop never sees the grant gone."""
    from moto.lakeformation import models
    from moto.lakeformation.exceptions import InvalidInput

    original = models.LakeFormationBackend.revoke_permissions

    def revoke_permissions(
        self: Any,
        catalog_id: str,
        principal: dict[str, str],
        resource: dict[str, Any],
        permissions_to_revoke: list[str],
        permissions_with_grant_options_to_revoke: list[str],
    ) -> None:
        wanted = set(permissions_to_revoke or []) | set(permissions_with_grant_options_to_revoke or [])
        held: set[str] = set()
        catalog = self.grants.get(catalog_id)
        for existing in catalog.permissions if catalog else ():
            if existing.principal == principal and existing.resource == resource:
                held |= set(existing.permissions) | set(existing.permissions_with_grant_options)
        if not wanted & held:
            raise InvalidInput(
                "No permissions revoked. Grantee has no "
                f"{sorted(wanted)} permission and/or grantable permission on resource"
            )
        original(
            self,
            catalog_id,
            principal,
            resource,
            permissions_to_revoke,
            permissions_with_grant_options_to_revoke,
        )

    models.LakeFormationBackend.revoke_permissions = revoke_permissions  # type: ignore[method-assign]


def _lf_tag_resource_key(sub: dict[str, Any]) -> str:
    """Comparable form of an LFTag / LFTagPolicy resource, ignoring CatalogId and value order."""
    normal = {k: v for k, v in sub.items() if k != "CatalogId"}
    if "TagValues" in normal:
        normal["TagValues"] = sorted(normal["TagValues"])
    if "Expression" in normal:
        normal["Expression"] = sorted(
            ({"TagKey": e["TagKey"], "TagValues": sorted(e["TagValues"])} for e in normal["Expression"]),
            key=lambda e: e["TagKey"],
        )
    return json.dumps(normal, sort_keys=True)


@_divergence
def lake_formation_list_permissions_on_lf_tags() -> None:
    """AWS ListPermissions accepts ``Resource.LFTag`` and ``Resource.LFTagPolicy`` (grants on tags
    and on tag expressions); moto rejects them ("Resource must have either the catalog, table or
    database field populated")."""
    from moto.lakeformation import responses

    original = responses.LakeFormationResponse.list_permissions

    def list_permissions(self: Any) -> str:
        resource = self._get_param("Resource") or {}
        kind = next((k for k in ("LFTag", "LFTagPolicy") if k in resource), None)
        if kind is None:
            return original(self)
        catalog_id = self._get_param("CatalogId") or self.current_account
        principal = self._get_param("Principal")
        wanted = _lf_tag_resource_key(resource[kind])
        catalog = self.lakeformation_backend.grants.get(catalog_id)
        found = [
            p.to_external_form()
            for p in (catalog.permissions if catalog else ())
            if kind in p.resource
            and _lf_tag_resource_key(p.resource[kind]) == wanted
            and (principal is None or p.principal == principal)
        ]
        return json.dumps({"PrincipalResourcePermissions": found})

    responses.LakeFormationResponse.list_permissions = list_permissions  # type: ignore[method-assign]


@_divergence
def lake_formation_untagged_resource_and_unknown_tag() -> None:
    """AWS GetResourceLFTags of a resource without LF-Tags returns empty lists (moto: KeyError →
    HTTP 500), RemoveLFTagsFromResource of an absent tag is a no-op, and GetLFTag of an unknown key
    raises EntityNotFoundException (moto returns the key with no values)."""
    from moto.lakeformation import models
    from moto.lakeformation.exceptions import EntityNotFound

    backend_cls = models.LakeFormationBackend
    original_get = backend_cls.get_resource_lf_tags
    original_remove = backend_cls.remove_lf_tags_from_resource

    def _ensure_keys(self: Any, resource: dict[str, Any]) -> None:
        for store, key in _resource_tag_slots(self, resource):
            store.setdefault(key, [])

    def get_resource_lf_tags(self: Any, catalog_id: str, resource: dict[str, Any]) -> Any:
        _ensure_keys(self, resource)
        return original_get(self, catalog_id, resource)

    def remove_lf_tags_from_resource(
        self: Any, catalog_id: str, resource: dict[str, Any], tags: list[dict[str, str]]
    ) -> None:
        _ensure_keys(self, resource)
        for tag in tags:
            tag.setdefault("CatalogId", catalog_id)
        slots = _resource_tag_slots(self, resource)
        present = [t for t in tags if all(t in store.get(key, []) for store, key in slots)]
        original_remove(self, catalog_id, resource, present)

    def get_lf_tag(self: Any, catalog_id: str, key: str) -> list[str]:
        all_tags = self.tagger.get_tag_dict_for_resource(arn=f"arn:lakeformation:{catalog_id}")
        if key not in all_tags:
            raise EntityNotFound()
        return all_tags[key]

    backend_cls.get_resource_lf_tags = get_resource_lf_tags  # type: ignore[method-assign]
    backend_cls.remove_lf_tags_from_resource = remove_lf_tags_from_resource  # type: ignore[method-assign]
    backend_cls.get_lf_tag = get_lf_tag  # type: ignore[method-assign]


def _resource_tag_slots(backend: Any, resource: dict[str, Any]) -> list[tuple[dict[Any, Any], Any]]:
    """(store, key) pairs where moto keeps the LF-Tags of a database and/or table resource."""
    slots: list[tuple[dict[Any, Any], Any]] = []
    if "Database" in resource:
        db = resource["Database"]
        slots.append((backend.lf_database_tags, (db.get("CatalogId", backend.account_id), db["Name"])))
    if "Table" in resource and "Name" in resource["Table"]:
        tb = resource["Table"]
        key = (tb.get("CatalogId", backend.account_id), tb["DatabaseName"], tb["Name"])
        slots.append((backend.lf_table_tags, key))
    return slots


# ---------------------------------------------------------------------------------- Step Functions
@_divergence
def step_functions_validate_and_list_versions() -> None:
    """AWS implements ValidateStateMachineDefinition (the provider calls it at plan time) and
    ListStateMachineVersions (read on every refresh); moto answers HTTP 500 for both."""
    from moto.core.responses import ActionResult
    from moto.stepfunctions import responses

    def validate_state_machine_definition(self: Any) -> ActionResult:
        definition = self._get_param("definition") or ""
        diagnostics = []
        try:
            parsed = json.loads(definition)
            if not isinstance(parsed, dict) or "States" not in parsed or "StartAt" not in parsed:
                raise ValueError("definition must be an object with StartAt and States")
            if parsed["StartAt"] not in parsed["States"]:
                raise ValueError(f"StartAt {parsed['StartAt']!r} names no state")
        except ValueError as exc:
            diagnostics.append({"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": str(exc)})
        return ActionResult({"result": "FAIL" if diagnostics else "OK", "diagnostics": diagnostics})

    def list_state_machine_versions(self: Any) -> ActionResult:
        sm = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
        versions = sorted(sm.versions.items(), reverse=True)
        return ActionResult(
            {
                "stateMachineVersions": [
                    {"stateMachineVersionArn": v.arn, "creationDate": v.creation_date} for _, v in versions
                ]
            }
        )

    responses.StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition  # type: ignore[attr-defined]
    responses.StepFunctionResponse.list_state_machine_versions = list_state_machine_versions  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------------------- Budgets
def _budget_arn(account_id: str, name: str) -> str:
    return f"arn:aws:budgets::{account_id}:budget/{name}"


def _budget_tags(backend: Any) -> dict[str, dict[str, str]]:
    tags: dict[str, dict[str, str]] | None = getattr(backend, "ctc_tags", None)
    if tags is None:
        tags = {}
        backend.ctc_tags = tags
    return tags


@_divergence
def budgets_subscribers_tags_update() -> None:
    """AWS Budgets implements DescribeSubscribersForNotification, UpdateBudget and the tag operations
    (TagResource, UntagResource, ListTagsForResource) and keeps ``ResourceTags`` given to
    CreateBudget; moto lacks all of them (HTTP 500) and drops the tags."""
    from moto.budgets import responses
    from moto.budgets.exceptions import NotFoundException

    cls = responses.BudgetsResponse
    original_create = cls.create_budget
    original_delete = cls.delete_budget

    def create_budget(self: Any) -> str:
        out = original_create(self)
        tags = self._get_param("ResourceTags") or []
        name = self._get_param("Budget")["BudgetName"]
        arn = _budget_arn(self._get_param("AccountId"), name)
        _budget_tags(self.backend)[arn] = {t["Key"]: t["Value"] for t in tags}
        return out

    def delete_budget(self: Any) -> str:
        out = original_delete(self)
        arn = _budget_arn(self._get_param("AccountId"), self._get_param("BudgetName"))
        _budget_tags(self.backend).pop(arn, None)
        return out

    def _budget(self: Any, name: str) -> Any:
        budgets = self.backend.budgets[self._get_param("AccountId")]
        if name not in budgets:
            raise NotFoundException(f"Unable to get budget: {name} - the budget doesn't exist.")
        return budgets[name]

    def update_budget(self: Any) -> str:
        new = self._get_param("NewBudget")
        budget = _budget(self, new["BudgetName"])
        time_period = budget.budget.get("TimePeriod")
        budget.budget = dict(new)
        budget.budget.setdefault("TimePeriod", time_period)
        from moto.core.utils import unix_time

        budget.budget["LastUpdatedTime"] = unix_time()
        return "{}"

    def describe_subscribers_for_notification(self: Any) -> str:
        budget = _budget(self, self._get_param("BudgetName"))
        wanted = _notification_key(self._get_param("Notification"))
        for n in budget.notifications:
            if _notification_key(n.details) == wanted:
                return json.dumps({"Subscribers": n.subscribers})
        raise NotFoundException("Unable to describe subscribers - the notification doesn't exist.")

    def _arn_tags(self: Any) -> dict[str, str]:
        arn = self._get_param("ResourceARN") or ""
        account, _, name = arn.partition("::")[2].partition(":budget/")
        budgets = self.backend.budgets[account]
        if name not in budgets:
            raise NotFoundException(f"Unable to find resource {arn}")
        return _budget_tags(self.backend).setdefault(arn, {})

    def list_tags_for_resource(self: Any) -> str:
        tags = _arn_tags(self)
        return json.dumps({"ResourceTags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]})

    def tag_resource(self: Any) -> str:
        _arn_tags(self).update({t["Key"]: t["Value"] for t in self._get_param("ResourceTags") or []})
        return "{}"

    def untag_resource(self: Any) -> str:
        tags = _arn_tags(self)
        for key in self._get_param("ResourceTagKeys") or []:
            tags.pop(key, None)
        return "{}"

    cls.create_budget = create_budget  # type: ignore[method-assign]
    cls.delete_budget = delete_budget  # type: ignore[method-assign]
    cls.update_budget = update_budget  # type: ignore[attr-defined]
    cls.describe_subscribers_for_notification = describe_subscribers_for_notification  # type: ignore[attr-defined]
    cls.list_tags_for_resource = list_tags_for_resource  # type: ignore[attr-defined]
    cls.tag_resource = tag_resource  # type: ignore[attr-defined]
    cls.untag_resource = untag_resource  # type: ignore[attr-defined]


def _notification_key(details: Any) -> tuple[str, str, float, str]:
    """What identifies a budget notification in AWS (its state is not part of it)."""
    d = details or {}
    return (
        str(d.get("NotificationType")),
        str(d.get("ComparisonOperator")),
        float(d.get("Threshold") or 0),
        str(d.get("ThresholdType") or "PERCENTAGE"),
    )


@_divergence
def budgets_notifications_are_unique() -> None:
    """AWS Budgets refuses a notification the budget already has (DuplicateRecordException) and a
    delete of one it does not have (NotFoundException), matching on type, operator, threshold and
    threshold type; moto appends duplicates and deletes nothing silently (exact dict equality), so a
    retried CreateNotification left a budget with the same notification twice."""
    from moto.budgets import responses
    from moto.budgets.exceptions import DuplicateRecordException, NotFoundException

    cls = responses.BudgetsResponse
    original_create = cls.create_notification

    def _notifications(self: Any) -> list[Any]:
        budgets = self.backend.budgets[self._get_param("AccountId")]
        name = self._get_param("BudgetName")
        if name not in budgets:
            raise NotFoundException(f"Unable to get budget: {name} - the budget doesn't exist.")
        return list(budgets[name].notifications)

    def create_notification(self: Any) -> str:
        key = _notification_key(self._get_param("Notification"))
        if any(_notification_key(n.details) == key for n in _notifications(self)):
            raise DuplicateRecordException("notification", "/".join(str(k) for k in key))
        return str(original_create(self))

    def delete_notification(self: Any) -> str:
        key = _notification_key(self._get_param("Notification"))
        found = [n for n in _notifications(self) if _notification_key(n.details) == key]
        if not found:
            raise NotFoundException("Unable to delete notification - the notification doesn't exist.")
        budget = self.backend.budgets[self._get_param("AccountId")][self._get_param("BudgetName")]
        budget.notifications = [n for n in budget.notifications if _notification_key(n.details) != key]
        return "{}"

    cls.create_notification = create_notification  # type: ignore[method-assign]
    cls.delete_notification = delete_notification  # type: ignore[method-assign]


# ----------------------------------------------------------------------------------- Cost Explorer
@_divergence
def cost_explorer_anomaly_detection() -> None:
    """AWS Cost Explorer has anomaly monitors and subscriptions (Create/Get/Update/Delete, tags via
    ``ResourceTags``); moto has none of these operations."""
    from moto.ce import responses
    from moto.core.exceptions import JsonRESTError
    from moto.moto_api._internal import mock_random

    cls = responses.CostExplorerResponse

    def _store(self: Any, kind: str) -> dict[str, dict[str, Any]]:
        backend = self.ce_backend
        stores: dict[str, dict[str, dict[str, Any]]] | None = getattr(backend, "ctc_anomaly", None)
        if stores is None:
            stores = {"monitor": {}, "subscription": {}}
            backend.ctc_anomaly = stores
        return stores[kind]

    def _unknown(kind: str, arn: str) -> JsonRESTError:
        code = "UnknownMonitorException" if kind == "monitor" else "UnknownSubscriptionException"
        return JsonRESTError(code, f"No anomaly {kind} found with ARN {arn}")

    def _create(self: Any, kind: str, param: str, arn_key: str) -> str:
        item = dict(self._get_param(param))
        arn = f"arn:aws:ce::{self.current_account}:anomaly{kind}/{mock_random.uuid4()}"
        item[arn_key] = arn
        if kind == "monitor":
            item.setdefault("CreationDate", datetime.now(UTC).strftime("%Y-%m-%d"))  # AWS: the day created
            item.setdefault("DimensionalValueCount", 0)
        else:
            item.setdefault("AccountId", self.current_account)
        _store(self, kind)[arn] = item
        tags = self._get_param("ResourceTags") or []
        if tags:
            self.ce_backend.tag_resource(arn, tags)
        return json.dumps({arn_key: arn})

    def _get(self: Any, kind: str, list_param: str, out_key: str) -> str:
        store = _store(self, kind)
        arns = self._get_param(list_param) or list(store)
        missing = [a for a in arns if a not in store]
        if missing:
            raise _unknown(kind, missing[0])
        items = [store[a] for a in arns]
        monitor = self._get_param("MonitorArn")
        if kind == "subscription" and monitor:
            items = [i for i in items if monitor in i.get("MonitorArnList", [])]
        return json.dumps({out_key: items})

    def _update(self: Any, kind: str, arn_key: str, fields: dict[str, str]) -> str:
        arn = self._get_param(arn_key)
        store = _store(self, kind)
        if arn not in store:
            raise _unknown(kind, arn)
        for param, field in fields.items():
            value = self._get_param(param)
            if value is not None:
                store[arn][field] = value
        return json.dumps({arn_key: arn})

    def _delete(self: Any, kind: str, arn_key: str) -> str:
        arn = self._get_param(arn_key)
        if _store(self, kind).pop(arn, None) is None:
            raise _unknown(kind, arn)
        return "{}"

    sub_fields = {
        f: f
        for f in (
            "Threshold",
            "Frequency",
            "MonitorArnList",
            "Subscribers",
            "SubscriptionName",
            "ThresholdExpression",
        )
    }
    ops: dict[str, Callable[[Any], str]] = {
        "create_anomaly_monitor": lambda s: _create(s, "monitor", "AnomalyMonitor", "MonitorArn"),
        "get_anomaly_monitors": lambda s: _get(s, "monitor", "MonitorArnList", "AnomalyMonitors"),
        "update_anomaly_monitor": lambda s: _update(
            s, "monitor", "MonitorArn", {"MonitorName": "MonitorName"}
        ),
        "delete_anomaly_monitor": lambda s: _delete(s, "monitor", "MonitorArn"),
        "create_anomaly_subscription": lambda s: _create(
            s, "subscription", "AnomalySubscription", "SubscriptionArn"
        ),
        "get_anomaly_subscriptions": lambda s: _get(
            s, "subscription", "SubscriptionArnList", "AnomalySubscriptions"
        ),
        "update_anomaly_subscription": lambda s: _update(s, "subscription", "SubscriptionArn", sub_fields),
        "delete_anomaly_subscription": lambda s: _delete(s, "subscription", "SubscriptionArn"),
    }
    for name, op in ops.items():

        def method(self: Any, _op: Callable[[Any], str] = op) -> str:
            return _op(self)

        method.__name__ = name
        setattr(cls, name, method)


# ----------------------------------------------------------------------------------------- Kinesis
@_divergence
def kinesis_create_stream_tags() -> None:
    """AWS CreateStream applies its ``Tags`` argument; moto ignores it (perpetual tags diff)."""
    from moto.kinesis import responses

    original = responses.KinesisResponse.create_stream

    def create_stream(self: Any) -> Any:
        result = original(self)
        tags = self._get_param("Tags")
        if tags:
            self.kinesis_backend.add_tags_to_stream(None, self._get_param("StreamName"), tags)
        return result

    responses.KinesisResponse.create_stream = create_stream  # type: ignore[method-assign]


@_divergence
def kinesis_shard_lookup_by_sequence_number() -> None:
    """AWS Kinesis puts and GetRecords cost the same however many records a shard holds. moto
    rebuilds the list of a shard's keys on every put and scans the shard from its first record on
    every GetRecords (O(records)); shard records are keyed by dense ascending sequence numbers, so
    index them directly instead."""
    from moto.kinesis import models

    shard_cls = models.Shard
    original_get_records = shard_cls.get_records

    def _dense(records: Any) -> tuple[int, int] | None:
        if not records:
            return None
        first, last = next(iter(records)), next(reversed(records))
        return (first, last) if last - first + 1 == len(records) else None

    def get_min_sequence_number(self: Any) -> int:
        return next(iter(self.records)) if self.records else 0

    def get_max_sequence_number(self: Any) -> int:
        return next(reversed(self.records)) if self.records else 0

    def get_records(self: Any, last_sequence_id: str, limit: int | None) -> tuple[list[Any], int, int]:
        bounds = _dense(self.records)
        if bounds is None:
            return original_get_records(self, last_sequence_id, limit)
        first, last = bounds
        start = max(int(last_sequence_id) + 1, first)
        stop = last if limit is None else min(last, start + limit - 1)
        results = [self.records[seq] for seq in range(start, stop + 1)]
        if not results:
            return [], int(last_sequence_id), 0
        behind = self.records[last].created_at - results[-1].created_at
        return results, results[-1].sequence_number, int(behind * 1000)

    def get_sequence_number_at(self: Any, at_timestamp: float) -> int:
        bounds = _dense(self.records)
        if not self.records or at_timestamp <= self.records[next(iter(self.records))].created_at:
            return 0
        if bounds is None:
            return next(
                r.sequence_number for r in reversed(self.records.values()) if r.created_at < at_timestamp
            )
        first, last = bounds
        seqs = range(first, last + 1)
        index = bisect_left(seqs, at_timestamp, key=lambda s: self.records[s].created_at)
        return seqs[index - 1]

    shard_cls.get_min_sequence_number = get_min_sequence_number  # type: ignore[method-assign]
    shard_cls.get_max_sequence_number = get_max_sequence_number  # type: ignore[method-assign]
    shard_cls.get_records = get_records  # type: ignore[method-assign]
    shard_cls.get_sequence_number_at = get_sequence_number_at  # type: ignore[method-assign]


# ---------------------------------------------------------------------------------------------- S3
_MIN_SIZE_HEADER = "x-amz-transition-default-minimum-object-size"


@_divergence
def s3_lifecycle_transition_minimum_size() -> None:
    """AWS stores the ``x-amz-transition-default-minimum-object-size`` chosen with
    PutBucketLifecycleConfiguration (``varies_by_storage_class`` or ``all_storage_classes_128K``)
    and returns it from GetBucketLifecycleConfiguration; moto always answers the 128K default, so
    ``varies_by_storage_class`` never converges."""
    from moto.s3 import responses

    cls = responses.S3Response
    original_put = cls._bucket_response_put
    original_get = cls.get_bucket_lifecycle

    def _bucket_response_put(self: Any, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        result = original_put(self, request, bucket_name, querystring)
        if "lifecycle" in querystring:
            chosen = request.headers.get(_MIN_SIZE_HEADER) or "all_storage_classes_128K"
            self.backend.get_bucket(bucket_name).ctc_transition_min_size = chosen
            if isinstance(result, str):
                return 200, {_MIN_SIZE_HEADER: chosen}, result
        return result

    def get_bucket_lifecycle(self: Any) -> Any:
        status, headers, body = original_get(self)
        chosen = getattr(self.backend.get_bucket(self.bucket_name), "ctc_transition_min_size", None)
        if chosen:
            headers = {**headers, _MIN_SIZE_HEADER: chosen}
            body = (
                body.replace(b"all_storage_classes_128K", chosen.encode())
                if isinstance(body, bytes)
                else body
            )
        return status, headers, body

    cls._bucket_response_put = _bucket_response_put  # type: ignore[method-assign]
    cls.get_bucket_lifecycle = get_bucket_lifecycle  # type: ignore[method-assign]


@_divergence
def s3_bucket_policy_secure_transport() -> None:
    """On AWS a bucket-policy statement conditioned on ``aws:SecureTransport`` applies only to
    requests over that transport; moto ignores ``Bool`` conditions, so the platform's TLS-only
    policy (Deny ``s3:*`` when SecureTransport is false) denies every object request. Clients of
    the emulator stand for HTTPS clients: statements that apply only to insecure transport are
    left out of the evaluation (every other statement is evaluated as moto does)."""
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3 import models

    def applies_over_tls(statement: dict[str, Any]) -> bool:
        wanted = statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport")
        if wanted is None:
            return True
        return "true" in [str(v).lower() for v in (wanted if isinstance(wanted, list) else [wanted])]

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        document = json.loads(self.policy.decode())
        statements = document.get("Statement", [])
        statements = [statements] if isinstance(statements, dict) else statements
        kept = [st for st in statements if applies_over_tls(st)]
        return IAMPolicy(json.dumps({**document, "Statement": kept})).is_action_permitted(action, resource)

    models.FakeBucket.get_permission = get_permission  # type: ignore[method-assign]


# -------------------------------------------------------------------------------------------- Glue
@_divergence
def glue_update_table_version_id() -> None:
    """AWS Glue UpdateTable with a ``VersionId`` updates only if that is still the table's current
    version, else ConcurrentModificationException — the optimistic lock pyiceberg's GlueCatalog
    commits rely on (it maps the error to CommitFailedException and the writer retries). moto
    ignores ``VersionId``, so two racing Iceberg commits would both "succeed" and one would be
    lost. (Added by the jobs engineer: the Iceberg sinks commit through the Glue catalog.)"""
    from moto.core.exceptions import JsonRESTError
    from moto.glue import responses

    original = responses.GlueResponse.update_table

    def update_table(self: Any) -> Any:
        version_id = self.parameters.get("VersionId")
        if version_id is not None:
            table_input = self.parameters.get("TableInput") or {}
            table = self.glue_backend.get_table(self.parameters.get("DatabaseName"), table_input.get("Name"))
            if str(version_id) != str(table._current_version):
                raise JsonRESTError(
                    "ConcurrentModificationException",
                    f"Update table failed: version {version_id} is not the current version "
                    f"{table._current_version} of {table.database_name}.{table.name}",
                )
        return original(self)

    responses.GlueResponse.update_table = update_table  # type: ignore[method-assign]


# ------------------------------------------------------------------------------------------ DynamoDB
@_divergence
def dynamodb_update_table_sse_specification() -> None:
    """AWS UpdateTable applies ``SSESpecification``: ``Enabled: false`` switches the table to the
    AWS owned key (DescribeTable then has no ``SSEDescription``), ``Enabled: true`` to KMS with the
    given key or the AWS managed alias/aws/dynamodb. moto ignores the argument, so a table's
    encryption could never change after CreateTable. (Added by the review engineer: a review test
    switches the alerts table to the owned key and back.)"""
    from moto.dynamodb import responses

    original = responses.DynamoHandler.update_table

    def update_table(self: Any) -> Any:
        spec = self.body.get("SSESpecification")
        if spec is not None:
            table = self.dynamodb_backend.get_table(self.body["TableName"])
            if spec.get("Enabled") is True:
                key = spec.get("KMSMasterKeyId") or table._get_default_encryption_key(
                    table.account_id, table.region_name
                )
                table.sse_specification = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}
            else:
                table.sse_specification = None
        return original(self)

    responses.DynamoHandler.update_table = update_table  # type: ignore[method-assign]


# ------------------------------------------------------------------- ECS / EMR Serverless (operations)
@_divergence
def ecs_fargate_task_level_memory() -> None:
    """On AWS a Fargate task definition may set memory only at task level (container ``memory``
    is optional); moto's RunTask adds up container memory and fails (HTTP 500) on the missing
    value. Count a missing container value as 0, as the task-level figure governs on Fargate.
    (Added by the operations engineer: scripts/start.sh runs the producer task.)"""
    import copy

    from moto.ecs import models

    original = models.EC2ContainerServiceBackend._calculate_task_resource_requirements

    keys = ("memory", "Memory", "memoryReservation", "MemoryReservation")

    def _calculate(task_definition: Any) -> Any:
        view = copy.copy(task_definition)  # the stored definition stays as declared
        view.container_definitions = [
            c if any(c.get(k) is not None for k in keys) else {**c, "memoryReservation": 0}
            for c in task_definition.container_definitions
        ]
        return original(view)

    models.EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(_calculate)  # type: ignore[method-assign]


@_divergence
def emr_serverless_list_job_runs_without_runs() -> None:
    """AWS ListJobRuns answers an empty list for an application that has never run a job; moto
    raises ResourceNotFoundException until the first StartJobRun. (Added by the operations
    engineer: scripts/start.sh checks for running jobs first.)"""
    from moto.emrserverless import models

    original = models.EMRServerlessBackend.list_job_runs

    def list_job_runs(self: Any, application_id: str, *args: Any, **kwargs: Any) -> Any:
        if application_id in self.applications:
            self.job_runs.setdefault(application_id, [])
        return original(self, application_id, *args, **kwargs)

    models.EMRServerlessBackend.list_job_runs = list_job_runs  # type: ignore[method-assign]


# ------------------------------------------------------------------------------------------- WAFv2
_WAF_RESOURCE_SERVICES = {
    "APPLICATION_LOAD_BALANCER": "elasticloadbalancing",
    "API_GATEWAY": "apigateway",
    "APPSYNC": "appsync",
    "COGNITO_USER_POOL": "cognito-idp",
    "APP_RUNNER_SERVICE": "apprunner",
    "VERIFIED_ACCESS_INSTANCE": "ec2",
    "AMPLIFY": "amplify",
}


@_divergence
def wafv2_list_resources_for_web_acl() -> None:
    """AWS ListResourcesForWebACL answers the ARNs of the resources of ``ResourceType`` (default
    APPLICATION_LOAD_BALANCER) associated with a regional web ACL; moto keeps the associations
    but does not implement the call (HTTP 500). (Added by the review engineer: the live collector
    reads which API stages a web ACL protects.)"""
    from moto.wafv2 import responses
    from moto.wafv2.exceptions import WAFNonexistentItemException

    def list_resources_for_web_acl(self: Any) -> Any:
        body = json.loads(self.body)
        web_acl = self.wafv2_backend.wacls.get(body.get("WebACLArn"))
        if web_acl is None:
            raise WAFNonexistentItemException()
        service = _WAF_RESOURCE_SERVICES.get(body.get("ResourceType") or "APPLICATION_LOAD_BALANCER")
        arns = [arn for arn in web_acl.associated_resources if arn.split(":")[2:3] == [service]]
        return 200, {"Content-Type": "application/json"}, json.dumps({"ResourceArns": arns})

    responses.WAFV2Response.list_resources_for_web_acl = list_resources_for_web_acl  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------- EC2
@_divergence
def ec2_create_image_snapshot_encryption() -> None:
    """CreateImage snapshots the instance's root volume: on AWS the snapshot of an encrypted volume is
    encrypted with the volume's key; moto snapshots a fresh, unencrypted volume instead. (Added by the
    review engineer: the generic account's image of an encrypted instance must not show an
    unencrypted snapshot.)"""
    from moto.ec2.models.amis import Ami

    original = Ami.__init__

    def __init__(
        self: Any, ec2_backend: Any, ami_id: str, instance: Any = None, *args: Any, **kwargs: Any
    ) -> None:
        original(self, ec2_backend, ami_id, instance, *args, **kwargs)
        if instance is None:
            return
        mapping = instance.block_device_mapping
        root = mapping.get(getattr(instance, "root_device_name", "/dev/sda1")) or next(
            iter(mapping.values()), None
        )
        volume = ec2_backend.volumes.get(getattr(root, "volume_id", None)) if root is not None else None
        if volume is not None and volume.encrypted:
            self.ebs_snapshot.encrypted = True
            self.ebs_snapshot.kms_key_id = volume.kms_key_id

    Ami.__init__ = __init__  # type: ignore[method-assign]


# --------------------------------------------------------------------------------------------- SQS
@_divergence
def sqs_redrive_policy_compact_json() -> None:
    """SQS GetQueueAttributes answers RedrivePolicy as compact JSON
    (``{"deadLetterTargetArn":"...","maxReceiveCount":10}``); moto adds spaces, which the
    Terraform AWS provider reads as a change to the queue on every plan."""
    from moto.sqs.models import Queue

    original = vars(Queue)["attributes"].fget

    def attributes(self: Any) -> dict[str, Any]:
        result: dict[str, Any] = original(self)
        if "RedrivePolicy" in result and self.redrive_policy:
            result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
        return result

    Queue.attributes = property(attributes)  # type: ignore[assignment]


@_divergence
def sqs_set_queue_attributes_keeps_the_policy() -> None:
    """SQS SetQueueAttributes changes only the attributes it is given; moto also replaces the
    queue's Policy with whatever the call carried, so a call that sets VisibilityTimeout or
    SqsManagedSseEnabled silently deletes the queue policy (and its TLS-only statement)."""
    from moto.sqs.models import Queue

    original = Queue._set_attributes

    def _set_attributes(self: Any, attributes: dict[str, Any], now: float | None = None) -> None:
        kept = None if "Policy" in attributes else getattr(self, "_policy_json", None)
        original(self, attributes, now)
        if kept is not None:
            self._policy_json = kept

    Queue._set_attributes = _set_attributes  # type: ignore[method-assign]


@_divergence
def apigateway_put_integration_cache_key_parameters() -> None:
    """API Gateway PutIntegration stores ``cacheKeyParameters`` (the request parameters a stage cache
    keys its entries on, e.g. ``method.request.path.symbol``); moto ignores them, so GetIntegration
    answers ``[]`` and the Terraform AWS provider plans the integration again on every run."""
    from moto.apigateway.responses import APIGatewayResponse

    original = APIGatewayResponse.put_integration

    def put_integration(self: Any) -> Any:
        status, headers, body = original(self)
        keys = self._get_param("cacheKeyParameters")
        if keys:
            parts = self.path.split("/")
            integration = self.backend.get_integration(parts[2], parts[4], parts[6])
            integration.cache_key_parameters = list(keys)
            body = json.dumps(integration.to_json())
        return status, headers, body

    APIGatewayResponse.put_integration = put_integration  # type: ignore[method-assign]


#: The settings an UpdateStage method-setting path can end in (``/{resource_path}/{method}/<setting>``).
_STAGE_METHOD_SETTINGS = (
    "metrics/enabled",
    "logging/loglevel",
    "logging/dataTrace",
    "throttling/burstLimit",
    "throttling/rateLimit",
    "caching/enabled",
    "caching/ttlInSeconds",
    "caching/dataEncrypted",
    "caching/requireAuthorizationForCacheControl",
    "caching/unauthorizedCacheControlHeaderStrategy",
)


@_divergence
def apigateway_method_settings_of_nested_resource_paths() -> None:
    """API Gateway UpdateStage patches method settings at ``/{resource_path}/{method}/<setting>``, where
    the resource path may hold several segments (``metrics/{symbol}``, ``/`` escaped as ``~1``), and
    GetStage answers them under ``metrics/{symbol}/GET``; moto splits the path at its third ``/``, so a
    setting of any method below the first level is dropped (Terraform: "empty result"). A ``remove`` of
    ``/{resource_path}/{method}`` deletes that method's settings; moto ignores it, so they outlive the
    Terraform resource that made them."""
    from moto.apigateway.models import Stage

    original = Stage.apply_operations

    def apply_operations(self: Any, patch_operations: list[dict[str, Any]]) -> Any:
        rest = []
        for op in patch_operations:
            path = str(op.get("path", ""))
            setting = next((s for s in _STAGE_METHOD_SETTINGS if path.endswith("/" + s)), None)
            method_path = path[: -len(setting) - 1].lstrip("/") if setting else ""
            nested = method_path.count("/") >= 2 or "~1" in method_path
            removed = path.replace("~1", "/").strip("/")
            if op.get("op") == "replace" and setting and nested:
                key = method_path.replace("~1", "/").lstrip("/")
                self._patch_method_setting(key, setting, op["value"])
            elif op.get("op") == "remove" and removed in self.method_settings:
                del self.method_settings[removed]  # the method's own settings: back to the stage's
            else:
                rest.append(op)
        return original(self, rest)

    Stage.apply_operations = apply_operations  # type: ignore[method-assign]


# -------------------------------------------------------------------------------- CloudWatch Logs
@_divergence
def logs_put_metric_filter_replaces_by_name() -> None:
    """PutMetricFilter creates or *updates* the filter of that name on the log group (a group holds one
    filter per name); moto appends a second filter of the same name, so a changed pattern is reported
    beside the old one and a review still finds the old one."""
    from moto.logs.metric_filters import MetricFilters

    original = MetricFilters.add_filter

    def add_filter(
        self: Any, filter_name: str, filter_pattern: str, log_group_name: str, metric_transformations: str
    ) -> None:
        self.metric_filters[:] = [
            f
            for f in self.metric_filters
            if not (f["filterName"] == filter_name and f["logGroupName"] == log_group_name)
        ]
        original(self, filter_name, filter_pattern, log_group_name, metric_transformations)

    MetricFilters.add_filter = add_filter  # type: ignore[method-assign]


# ------------------------------------------------------------------------------------- CloudTrail
@_divergence
def cloudtrail_default_event_selector() -> None:
    """A trail created without event selectors records every management event, and GetEventSelectors
    reports that default selector (ReadWriteType All, management events included); moto reports no
    selector at all, which reads as a trail whose selectors are unknown."""
    from moto.cloudtrail.models import Trail

    original = Trail.get_event_selectors

    def get_event_selectors(self: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        basic, advanced = original(self)
        if not basic and not advanced:
            basic = [
                {
                    "ReadWriteType": "All",
                    "IncludeManagementEvents": True,
                    "DataResources": [],
                    "ExcludeManagementEventSources": [],
                }
            ]
        return basic, advanced

    Trail.get_event_selectors = get_event_selectors  # type: ignore[method-assign]
