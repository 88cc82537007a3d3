"""Nobody can change data through a public REST API without authenticating."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.checks._resource_exposure import exposure
from coattail.review.inventory import ApiGatewayRestApi, Inventory
from coattail.review.model import Finding

#: Methods that only read (and the CORS preflight): anonymous access to them is a design choice
#: (public data), reported but not failed.
READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


@check(
    id="apigateway_write_methods_authorized",
    title="Public REST APIs require authorization on every method that can change data",
    pillar="security",
    bp_id="SEC03-BP01",
    severity="high",
    service="apigateway",
    resource_type="AWS::ApiGateway::RestApi",
    rationale="A POST, PUT, PATCH, DELETE or ANY method with authorization NONE on an API reachable from the "
    "internet lets anyone change data (an API key identifies a usage plan, it does not authenticate). "
    "Judged: REST APIs that are not PRIVATE and whose resource policy does not restrict callers "
    "(VPC endpoint, IP range, account). Anonymous GET/HEAD/OPTIONS methods are reported, not failed: "
    "serving public data is a choice.",
    remediation="aws apigateway update-method --rest-api-id <id> --resource-id <resource> --http-method POST "
    "--patch-operations op=replace,path=/authorizationType,value=AWS_IAM",
    remediation_terraform='authorization = "AWS_IAM" # or "COGNITO_USER_POOLS" / "CUSTOM" with authorizer_id',
)
def apigateway_write_methods_authorized(inv: Inventory) -> Findings:
    def judge(api: ApiGatewayRestApi) -> Finding:
        if api.methods is None:
            return unknown(api, "methods not collected")
        anonymous = [m for m in api.methods if m.authorization_type.upper() == "NONE"]
        # (a plan knows a method's path only after apply: the verb alone is shown, once)
        writes = sorted({m.label for m in anonymous if m.http_method.upper() not in READ_ONLY})
        reads = sorted({m.label for m in anonymous if m.http_method.upper() in READ_ONLY})
        private = "PRIVATE" in api.endpoint_types
        e = exposure(api.policy, api.account) if api.policy is not None else None
        restricted = e is not None and not e.public
        reachable = not private and not restricted
        good = "every method that can change data requires authorization"
        if reads:
            good += f"; anonymous read-only: {', '.join(reads)}"
        if writes and not reachable:
            why = ", ".join(e.restricted_by) if e and e.restricted_by else "named principals"
            where = "private" if private else f"restricted by its policy ({why})"
            good = f"anonymous {', '.join(writes)}, but the API is {where}"
        return verdict(
            api,
            not (writes and reachable),
            good,
            f"anyone on the internet may call {', '.join(writes)} without authorization",
            anonymous_write_methods=writes,
            anonymous_read_methods=reads,
            private=private,
            restricted_by_policy=restricted,
        )

    yield from each(inv, ApiGatewayRestApi, "API Gateway REST APIs", judge)
