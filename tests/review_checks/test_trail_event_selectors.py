"""GetEventSelectors answers (basic and advanced form, validated against botocore's model) become the
management-event selectors ``cloudtrail_lake_formation_audit`` judges; a Terraform trail without
selectors records CloudTrail's default (every management event)."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore.validate import validate_parameters

from coattail.review.collectors.live.specs.governance import trail_management_selectors
from coattail.review.inventory import ManagementEventSelector as Sel

ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit"


def _answer(**selectors: Any) -> dict[str, Any]:
    response = {"TrailARN": ARN, **selectors}
    model = (
        botocore.session.get_session().get_service_model("cloudtrail").operation_model("GetEventSelectors")
    )
    assert model.output_shape is not None
    validate_parameters(response, model.output_shape)
    return response


def _advanced(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"Name": "management", "FieldSelectors": list(fields)}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            _answer(
                EventSelectors=[
                    {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}
                ]
            ),
            (Sel(read_write="All"),),
        ),
        (
            _answer(
                EventSelectors=[
                    {
                        "ReadWriteType": "WriteOnly",
                        "IncludeManagementEvents": True,
                        "ExcludeManagementEventSources": ["kms.amazonaws.com"],
                    }
                ]
            ),
            (Sel(read_write="WriteOnly", excluded_sources=("kms.amazonaws.com",)),),
        ),
        # a data-events-only selector records no management event
        (
            _answer(
                EventSelectors=[
                    {
                        "ReadWriteType": "All",
                        "IncludeManagementEvents": False,
                        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
                    }
                ]
            ),
            (),
        ),
        (
            _answer(
                AdvancedEventSelectors=[
                    _advanced(
                        {"Field": "eventCategory", "Equals": ["Management"]},
                        {"Field": "readOnly", "Equals": ["true"]},
                        {"Field": "eventSource", "NotEquals": ["lakeformation.amazonaws.com"]},
                    ),
                    _advanced(
                        {"Field": "eventCategory", "Equals": ["Data"]},
                        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                    ),
                ]
            ),
            (Sel(read_write="ReadOnly", excluded_sources=("lakeformation.amazonaws.com",)),),
        ),
        (
            _answer(
                AdvancedEventSelectors=[
                    _advanced(
                        {"Field": "eventCategory", "Equals": ["Management"]},
                        {"Field": "eventSource", "Equals": ["lakeformation.amazonaws.com"]},
                    )
                ]
            ),
            (Sel(read_write="All", event_sources=("lakeformation.amazonaws.com",)),),
        ),
        # nothing reported: missing evidence, not "records nothing"
        (_answer(), None),
    ],
)
def test_selectors_become_management_event_selectors(answer: dict[str, Any], expected: Any) -> None:
    assert (
        trail_management_selectors(answer.get("EventSelectors"), answer.get("AdvancedEventSelectors"))
        == expected
    )


def test_a_selector_records_a_source_unless_excluded_or_not_listed() -> None:
    lf = "lakeformation.amazonaws.com"
    assert Sel(read_write="All").records(lf)
    assert not Sel(read_write="All", excluded_sources=(lf,)).records(lf)
    assert not Sel(read_write="All", event_sources=("s3.amazonaws.com",)).records(lf)
    assert Sel(read_write="All", event_sources=(lf,)).records(lf)
