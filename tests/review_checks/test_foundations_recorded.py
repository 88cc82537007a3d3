"""IAM Access Analyzer (and Security Hub's 'not subscribed' answer) on recorded responses.

The emulator (moto 5.2.5) has no Access Analyzer backend, so ``access_analyzer_enabled`` is shown
here: botocore-shaped ListAnalyzers answers — validated against botocore's service model, by hand
and again by the Stubber — go through the live spec (the one interpreter, paging included) into
the inventory and the check. An endpoint that does not implement the operation leaves the service
*not assessed*: the check answers UNKNOWN, never PASS or FAIL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.stub import Stubber
from botocore.validate import validate_parameters

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.live.interpreter import Interpreter, SpecFailed
from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs.foundations import ACCESS_ANALYZERS, SECURITY_HUBS
from coattail.review.inventory import Inventory, Resource
from coattail.review.model import NotAssessed, SourceKind, SourceRun, Status

CTX = Context(account="123456789012", region="eu-west-1")
KEYS = {"aws_access_key_id": "x", "aws_secret_access_key": "y"}
RUN = SourceRun(
    kind=SourceKind.LIVE, target="123456789012/eu-west-1", collected_at=datetime.now(UTC), ok=True
)
CHECKS = {c.id: c for c in load_checks()}


def _analyzer(name: str, kind: str, status: str = "ACTIVE") -> dict[str, Any]:
    return {
        "arn": f"arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/{name}",
        "name": name,
        "type": kind,
        "createdAt": datetime(2026, 1, 1, tzinfo=UTC),
        "status": status,
        "tags": {"Project": "shop"},
    }


def _valid(service: str, operation: str, response: dict[str, Any]) -> dict[str, Any]:
    model = botocore.session.get_session().get_service_model(service).operation_model(operation)
    assert model.output_shape is not None
    validate_parameters(response, model.output_shape)  # raises on any shape mismatch
    return response


def _stubbed(service: str) -> tuple[Any, Stubber]:
    client = boto3.client(service, region_name=CTX.region, **KEYS)  # type: ignore[call-overload]
    stub = Stubber(client)
    stub.activate()
    return client, stub


def _collect(spec: Any, service: str, *pages: dict[str, Any]) -> list[Resource]:
    client, stub = _stubbed(service)
    for n, page in enumerate(pages):
        stub.add_response("list_analyzers", page, {"nextToken": pages[n - 1]["nextToken"]} if n else {})
    found = Interpreter(lambda _: client, CTX).run(spec)
    stub.assert_no_pending_responses()
    return found


def _verdict(check_id: str, resources: list[Resource], **extra: Any) -> list[tuple[Status, str]]:
    inv = Inventory.from_resources(resources, sources=(RUN,), **extra)
    return [(f.status, f.message) for f in CHECKS[check_id].run(inv)]


def test_an_active_account_analyzer_on_any_page_passes() -> None:
    first = _valid(
        "accessanalyzer",
        "ListAnalyzers",
        {"analyzers": [_analyzer("unused", "ACCOUNT_UNUSED_ACCESS")], "nextToken": "page-2"},
    )
    second = _valid("accessanalyzer", "ListAnalyzers", {"analyzers": [_analyzer("external", "ACCOUNT")]})
    found = _collect(ACCESS_ANALYZERS, "accessanalyzer", first, second)
    assert len(found) == 1 and found[0].id.startswith("arn:aws:access-analyzer:eu-west-1:")  # one per region
    ((status, message),) = _verdict("access_analyzer_enabled", found)
    assert status == Status.PASS and "external" in message


@pytest.mark.parametrize(
    "analyzers",
    [
        [],  # none in the region
        [_analyzer("unused", "ACCOUNT_UNUSED_ACCESS")],  # looks at unused access only
        [_analyzer("external", "ORGANIZATION", status="FAILED")],  # not analysing
    ],
)
def test_no_active_external_access_analyzer_fails(analyzers: list[dict[str, Any]]) -> None:
    page = _valid("accessanalyzer", "ListAnalyzers", {"analyzers": analyzers})
    found = _collect(ACCESS_ANALYZERS, "accessanalyzer", page)
    ((status, message),) = _verdict("access_analyzer_enabled", found)
    assert status == Status.FAIL and message.startswith("access-analyzer: no active external-access analyzer")


def test_an_endpoint_without_access_analyzer_leaves_it_not_assessed() -> None:
    client, stub = _stubbed("accessanalyzer")
    # what the emulator answers: an HTML error page with HTTP 500, no AWS error code
    stub.add_client_error("list_analyzers", "500", "<!doctype html><title>500</title>", http_status_code=500)
    with pytest.raises(SpecFailed) as failed:
        Interpreter(lambda _: client, CTX).run(ACCESS_ANALYZERS)
    reason = failed.value.reason
    assert "HTTP 500 without an AWS error code" in reason and "<" not in reason
    gap = NotAssessed(
        service="accessanalyzer", source=SourceKind.LIVE, reason=reason, error_code="500", region=CTX.region
    )
    ((status, message),) = _verdict("access_analyzer_enabled", [], not_assessed=(gap,))
    assert status == Status.UNKNOWN and "not assessed" in message


def test_security_hub_not_subscribed_is_a_judged_setting_other_errors_are_gaps() -> None:
    client, stub = _stubbed("securityhub")
    stub.add_client_error(
        "describe_hub", "InvalidAccessException", "Account is not subscribed to AWS Security Hub", 401
    )
    (hub,) = Interpreter(lambda _: client, CTX).run(SECURITY_HUBS)
    ((status, _),) = _verdict("securityhub_enabled", [hub])
    assert status == Status.FAIL

    client, stub = _stubbed("securityhub")
    hub_answer = {
        "HubArn": "arn:aws:securityhub:eu-west-1:123456789012:hub/default",
        "SubscribedAt": "2026-01-01T00:00:00.000Z",
        "AutoEnableControls": True,
    }
    stub.add_response("describe_hub", _valid("securityhub", "DescribeHub", hub_answer))
    (hub,) = Interpreter(lambda _: client, CTX).run(SECURITY_HUBS)
    ((status, message),) = _verdict("securityhub_enabled", [hub])
    assert status == Status.PASS and "2026-01-01" in message

    client, stub = _stubbed("securityhub")
    stub.add_client_error("describe_hub", "AccessDeniedException", "no", 403)
    with pytest.raises(SpecFailed):
        Interpreter(lambda _: client, CTX).run(SECURITY_HUBS)


SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-AbCdEf"
CERT_ARN = "arn:aws:acm:us-east-1:111122223333:certificate/0f0e"


def _tf(address: str, values: dict[str, Any]) -> dict[str, Any]:
    kind, name = address.split(".")
    return {"address": address, "mode": "managed", "type": kind, "name": name, "values": values}


def test_terraform_state_gives_the_same_models(tmp_path: Any) -> None:
    """A state's detector, secret (rotation and policy from their own resources) and certificate."""
    import json

    from coattail.review.collectors import CollectRequest, collect
    from coattail.review.collectors.terraform import TerraformOptions

    open_policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*"}],
    }
    resources = [
        _tf("aws_guardduty_detector.main", {"id": "abc123", "enable": False}),
        _tf("aws_secretsmanager_secret.db", {"arn": SECRET_ARN, "id": SECRET_ARN, "name": "shop/db"}),
        _tf(
            "aws_secretsmanager_secret_rotation.db",
            {
                "secret_id": SECRET_ARN,
                "rotation_lambda_arn": "arn:aws:lambda:us-east-1:111122223333:function:rotate",
                "rotation_rules": [{"automatically_after_days": 30}],
            },
        ),
        _tf(
            "aws_secretsmanager_secret_policy.db",
            {"secret_arn": SECRET_ARN, "policy": json.dumps(open_policy)},
        ),
        _tf(
            "aws_acm_certificate.site",
            {"arn": CERT_ARN, "domain_name": "shop.example.com", "status": "ISSUED", "type": "IMPORTED",
             "not_after": "2020-01-01T00:00:00Z"},
        ),
    ]  # fmt: skip
    state = tmp_path / "state.json"
    state.write_text(
        json.dumps({"format_version": "1.0", "values": {"root_module": {"resources": resources}}})
    )
    request = CollectRequest(
        sources=(SourceKind.TERRAFORM,),
        terraform=TerraformOptions(plan_json=state, run_checkov=False),
    )
    inv = collect(request).inventory
    (detector,) = inv.guardduty_detectors
    (secret,) = inv.secrets
    (cert,) = inv.acm_certificates
    assert detector.status == "DISABLED" and detector.name == "abc123"
    assert secret.rotation_enabled and secret.rotation_days == 30 and secret.policy is not None
    assert cert.not_after == datetime(2020, 1, 1, tzinfo=UTC)
    statuses = {
        check_id: [f.status for f in CHECKS[check_id].run(inv)]
        for check_id in (
            "guardduty_enabled",
            "secretsmanager_rotation_enabled",
            "acm_certificate_not_expiring",
        )
    }
    assert statuses == {
        "guardduty_enabled": [Status.FAIL],
        "secretsmanager_rotation_enabled": [Status.PASS],
        "acm_certificate_not_expiring": [Status.FAIL],  # long expired when the state was read
    }
    exposed = [f for f in CHECKS["resource_policy_not_public"].run(inv) if f.resource_id == SECRET_ARN]
    assert [f.status for f in exposed] == [Status.FAIL]
