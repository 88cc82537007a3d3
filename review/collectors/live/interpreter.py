"""The one interpreter of :mod:`coattail.review.collectors.live.spec`: run specs on one account/region."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jmespath
from botocore.exceptions import BotoCoreError, ClientError

from coattail.review.collectors.live.spec import BatchDetail, Context, Detail, Raw, ResourceSpec
from coattail.review.inventory import Resource


class SpecFailed(Exception):
    """A spec could not be completed; carries what the NotAssessed entry needs."""

    def __init__(self, reason: str, error_code: str | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error_code = error_code


@dataclass
class CallCounter:
    """API calls made (botocore ``before-call``) and HTTP attempts (``before-send``), per service."""

    calls: Counter[str] = field(default_factory=Counter)
    attempts: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def on_call(self, event_name: str, **_: Any) -> None:
        with self._lock:
            self.calls[event_name.split(".")[1]] += 1

    def on_send(self, event_name: str, **_: Any) -> None:
        with self._lock:
            self.attempts[event_name.split(".")[1]] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def error_code(exc: BaseException) -> str | None:
    if isinstance(exc, ClientError):
        return (
            str(
                exc.response.get("Error", {}).get("Code")
                or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "")
            )
            or None
        )
    return type(exc).__name__


class Interpreter:
    """Runs specs with clients from ``clients`` (a callable service -> boto3 client)."""

    def __init__(self, clients: Any, context: Context) -> None:
        self._clients = clients
        self.context = context
        self._cache: dict[tuple[str, str, str], Any] = {}
        self._cache_lock = threading.Lock()

    # -- calls ---------------------------------------------------------------------------------
    def call(self, service: str, operation: str, params: Mapping[str, Any], path: str | None) -> Any:
        """One logical call; paginated operations are iterated fully and ``path`` results concatenated."""
        client = self._clients(service)
        if client.can_paginate(operation):
            pages = client.get_paginator(operation).paginate(**params)
            if path is None:
                return list(pages)
            out: list[Any] = []
            for page in pages:
                found = jmespath.search(path, page)
                if isinstance(found, list):
                    out.extend(found)
                elif found is not None:
                    out.append(found)
            return out
        response = getattr(client, operation)(**params)
        token = _token_name(client, operation)
        if path is None or token is None or not response.get(token):
            return jmespath.search(path, response) if path else response
        # No botocore paginator, but the API pages (e.g. Lake Formation ListPermissions): follow the token.
        items = list(jmespath.search(path, response) or [])
        while response.get(token):
            response = getattr(client, operation)(**{**params, token: response[token]})
            items.extend(jmespath.search(path, response) or [])
        return items

    def _cached_call(self, service: str, detail: Detail, params: Mapping[str, Any]) -> Any:
        if not detail.cache:
            return self.call(service, detail.operation, params, detail.path)
        key = (service, detail.operation, repr(sorted(params.items())))
        with self._cache_lock:
            if key in self._cache:
                return self._cache[key]
        value = self.call(service, detail.operation, params, detail.path)
        with self._cache_lock:
            self._cache[key] = value
        return value

    # -- one spec ------------------------------------------------------------------------------
    def run(self, spec: ResourceSpec) -> list[Resource]:
        try:
            records = self._list(spec)
            for detail in spec.details:
                for raw in records:
                    raw[detail.key] = self._detail(spec, detail, raw)
            for batch in spec.batch:
                self._batch(spec, batch, records)
            out: list[Resource] = []
            for raw in records:
                resource = spec.normalise(raw, self.context)
                if resource is not None:
                    out.append(resource)
            return out
        except ClientError as exc:
            code = error_code(exc)
            op = exc.operation_name
            raise SpecFailed(f"{spec.service} {op} failed: {code}: {_message(exc)}", code) from exc
        except BotoCoreError as exc:
            raise SpecFailed(f"{spec.service}: {exc}", type(exc).__name__) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise SpecFailed(
                f"{spec.service}: unexpected response while reading {spec.name}: {exc!r}",
                "UnexpectedResponse",
            ) from exc

    def _list(self, spec: ResourceSpec) -> list[Raw]:
        params = spec.list_params(self.context) if callable(spec.list_params) else spec.list_params
        service = spec.list_service or spec.service
        base = {"_account": self.context.account, "_region": self.context.region}
        if spec.singleton:
            try:
                whole = self.call(service, spec.list_operation, params, spec.list_path)
            except ClientError as exc:
                if error_code(exc) not in spec.list_missing:
                    raise
                whole = None
            return [{"item": whole, "parent": None, **base}]
        if spec.parent is None and spec.legacy_pages is not None:
            items = self._legacy_pages(service, spec, dict(params))
            return [{"item": item, "parent": None, **base} for item in items]
        if spec.parent is None:
            items = self.call(service, spec.list_operation, params, spec.list_path)
            return [{"item": item, "parent": None, **base} for item in items]
        records: list[Raw] = []
        parents = self.call(service, spec.parent.operation, spec.parent.list_params, spec.parent.path)
        for parent in parents:
            child_params = {**params, **spec.parent.params(parent)}
            for item in self.call(service, spec.list_operation, child_params, spec.list_path):
                records.append({"item": item, "parent": parent, **base})
        return records

    def _legacy_pages(self, service: str, spec: ResourceSpec, params: dict[str, Any]) -> list[Any]:
        pages = spec.legacy_pages
        assert pages is not None
        operation = getattr(self._clients(service), spec.list_operation)
        items: list[Any] = []
        while True:
            page = operation(**params)
            found = jmespath.search(spec.list_path, page) or []
            items.extend(found)
            if page.get("NextToken"):
                params = {"NextToken": page["NextToken"]}
            elif page.get(pages.more_key) and found:
                params = {**params, pages.marker_param: jmespath.search(pages.last_item_path, page)}
            else:
                return items

    def _detail(self, spec: ResourceSpec, detail: Detail, raw: Raw) -> Any:
        params = detail.params(raw)
        if params is None:
            return None
        service = detail.service or spec.service
        many = not isinstance(params, Mapping)
        calls: list[Mapping[str, Any]] = list(params) if many else [params]  # type: ignore[list-item,arg-type]
        answers = []
        for p in calls:
            try:
                answers.append(self._cached_call(service, detail, p))
            except ClientError as exc:
                if error_code(exc) in detail.missing:
                    answers.append(None)
                else:
                    raise
        return answers if many else answers[0]

    def _batch(self, spec: ResourceSpec, batch: BatchDetail, records: Sequence[Raw]) -> None:
        for start in range(0, len(records), batch.size):
            chunk = records[start : start + batch.size]
            found = self.call(spec.service, batch.operation, batch.params(chunk), batch.path) or []
            for raw in chunk:
                raw[batch.key] = next((f for f in found if batch.match(f, raw)), None)


def _token_name(client: Any, operation: str) -> str | None:
    """The pagination token an operation takes and returns (NextToken / NextMarker), if any."""
    api = client.meta.method_to_api_mapping.get(operation)
    if api is None:
        return None
    model = client.meta.service_model.operation_model(api)
    inputs = model.input_shape.members if model.input_shape else {}
    outputs = model.output_shape.members if model.output_shape else {}
    return next((t for t in ("NextToken", "NextMarker") if t in inputs and t in outputs), None)


def _message(exc: ClientError) -> str:
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "")
    if code.isdigit() and int(code) >= 500:
        # no AWS error in the answer, only an HTTP status (an emulator answers so for an operation it
        # does not implement): say that plainly instead of quoting an HTML error page
        return f"HTTP {code} without an AWS error code (the endpoint may not implement this operation)"
    return str(error.get("Message") or "").strip()[:300]
