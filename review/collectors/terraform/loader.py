"""Read Terraform JSON (``terraform show -json`` of a plan or state, or a raw .tfstate) into flat resources.

Plan JSON: resources from ``planned_values`` (root and every ``child_modules`` level); values
Terraform knows only after apply are absent there and flagged in ``resource_changes[].change.
after_unknown`` -> listed in :attr:`TfResource.unknown`. State JSON: ``values``. Raw state
(``version: 4``): ``resources[].instances[].attributes``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


class TerraformReadError(RuntimeError):
    """The Terraform input could not be read; the message says what to do."""


@dataclass(frozen=True)
class TfResource:
    address: str  # module.s3.aws_s3_bucket.this["raw"]
    module: str  # "" for the root, else module.s3 (nested: module.a.module.b)
    type: str
    name: str
    index: Any
    values: dict[str, Any]
    unknown: frozenset[str] = frozenset()
    references: dict[str, tuple[str, ...]] = field(default_factory=dict)  # plan: attribute -> refs

    @property
    def base_address(self) -> str:
        """Address without the instance key: ``module.s3.aws_s3_bucket.this``."""
        return f"{self.module + '.' if self.module else ''}{self.type}.{self.name}"

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value


@dataclass
class TfDocument:
    kind: str  # plan | state | raw-state
    resources: list[TfResource]
    module_sources: dict[str, str] = field(default_factory=dict)  # module.s3 -> ./modules/s3-lakehouse
    terraform_version: str | None = None
    account: str | None = None  # from data.aws_caller_identity, when the document has it
    region: str | None = None  # from data.aws_region
    partition: str | None = None  # from data.aws_partition
    # plan: module.x -> {input variable: references of its expression in the calling module}
    module_inputs: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # plan: module address ("" = root) -> {output: references of its expression}
    module_outputs: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # plan: data.aws_iam_policy_document instances, read during plan or deferred to apply
    policy_documents: dict[str, TfResource] = field(default_factory=dict)


def _data_sources(module: dict[str, Any], out: dict[str, str]) -> dict[str, str]:
    """account / region / partition from the data sources of a state or a plan's prior state."""
    for r in module.get("resources") or ():
        if r.get("mode") != "data":
            continue
        values = r.get("values") or {}
        if r.get("type") == "aws_caller_identity" and values.get("account_id"):
            out.setdefault("account", str(values["account_id"]))
        elif r.get("type") == "aws_region" and (values.get("name") or values.get("id")):
            out.setdefault("region", str(values.get("name") or values.get("id")))
        elif r.get("type") == "aws_partition" and (values.get("partition") or values.get("id")):
            out.setdefault("partition", str(values.get("partition") or values.get("id")))
    for child in module.get("child_modules") or ():
        _data_sources(child, out)
    return out


def _identity(doc: TfDocument, module: dict[str, Any]) -> TfDocument:
    found = _data_sources(module, {})
    return replace(
        doc, account=found.get("account"), region=found.get("region"), partition=found.get("partition")
    )


def _walk_module(module: dict[str, Any], unknown: dict[str, frozenset[str]], out: list[TfResource]) -> None:
    for r in module.get("resources") or ():
        if r.get("mode", "managed") != "managed":
            continue
        address = r["address"]
        mod = address.rsplit(f"{r['type']}.{r['name']}", 1)[0].rstrip(".")
        out.append(
            TfResource(
                address=address,
                module=mod,
                type=r["type"],
                name=r["name"],
                index=r.get("index"),
                values=dict(r.get("values") or {}),
                unknown=unknown.get(address, frozenset()),
            )
        )
    for child in module.get("child_modules") or ():
        _walk_module(child, unknown, out)


POLICY_DOCUMENT = "aws_iam_policy_document"


def _policy_documents(
    module: dict[str, Any], unknown: dict[str, frozenset[str]], out: dict[str, TfResource]
) -> dict[str, TfResource]:
    """``data.aws_iam_policy_document`` instances of a plan's prior state (read during plan) or
    planned values (deferred to apply: ``unknown`` lists what is pending, ``null`` marks it)."""
    for r in module.get("resources") or ():
        if r.get("mode") == "data" and r.get("type") == POLICY_DOCUMENT and r["address"] not in out:
            address = r["address"]
            base = f"data.{r['type']}.{r['name']}"
            out[address] = TfResource(
                address=address,
                module=address.rsplit(base, 1)[0].rstrip("."),
                type=r["type"],
                name=r["name"],
                index=r.get("index"),
                values=dict(r.get("values") or {}),
                unknown=unknown.get(address, frozenset()),
            )
    for child in module.get("child_modules") or ():
        _policy_documents(child, unknown, out)
    return out


def _after_unknown(plan: dict[str, Any]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for rc in plan.get("resource_changes") or ():
        au = (rc.get("change") or {}).get("after_unknown") or {}
        keys = frozenset(unknown_paths(au))
        if keys:
            out[rc["address"]] = keys
    return out


def unknown_paths(after_unknown: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of unknown values: ``arn``; ``alarm_actions`` (a list holding an unknown);
    ``server_side_encryption.kms_key_arn`` (a leaf inside a nested block, list indices dropped)."""
    out: list[str] = []
    for key, value in after_unknown.items():
        path = f"{prefix}{key}"
        if value is True:
            out.append(path)
        elif isinstance(value, dict):
            out.extend(unknown_paths(value, path + "."))
        elif isinstance(value, list):
            if any(v is True for v in value):
                out.append(path)
            for item in value:
                if isinstance(item, dict):
                    out.extend(unknown_paths(item, path + "."))
    return sorted(set(out))


_INDEX = re.compile(r"\[[^\]]*\]")


def _config_references(configuration: dict[str, Any]) -> dict[str, dict[str, tuple[str, ...]]]:
    """``module.x.type.name`` -> {attribute: references} from the plan's configuration; attributes
    of nested blocks one level down are keyed ``block.attribute`` (first block only)."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}

    def walk(module: dict[str, Any], prefix: str) -> None:
        for res in module.get("resources") or ():
            refs: dict[str, tuple[str, ...]] = {}
            for attr, expr in (res.get("expressions") or {}).items():
                if isinstance(expr, dict) and expr.get("references"):
                    refs[attr] = tuple(expr["references"])
                elif isinstance(expr, list) and expr and isinstance(expr[0], dict):
                    for key, inner in expr[0].items():
                        if isinstance(inner, dict) and inner.get("references"):
                            refs[f"{attr}.{key}"] = tuple(inner["references"])
            out[f"{prefix}{res.get('address')}"] = refs
        for name, call in (module.get("module_calls") or {}).items():
            walk(call.get("module") or {}, f"{prefix}module.{name}.")

    walk(configuration.get("root_module") or {}, "")
    return out


def _references(expr: Any) -> tuple[str, ...]:
    return tuple(expr["references"]) if isinstance(expr, dict) and expr.get("references") else ()


def _wiring(
    configuration: dict[str, Any],
) -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, dict[str, tuple[str, ...]]]]:
    """How modules are wired: the references of each module call's inputs and of each output."""
    inputs: dict[str, dict[str, tuple[str, ...]]] = {}
    outputs: dict[str, dict[str, tuple[str, ...]]] = {}

    def walk(module: dict[str, Any], address: str) -> None:
        outputs[address] = {
            name: _references(out.get("expression")) for name, out in (module.get("outputs") or {}).items()
        }
        for name, call in (module.get("module_calls") or {}).items():
            child = f"{address + '.' if address else ''}module.{name}"
            inputs[child] = {var: _references(expr) for var, expr in (call.get("expressions") or {}).items()}
            walk(call.get("module") or {}, child)

    walk(configuration.get("root_module") or {}, "")
    return inputs, outputs


def _module_sources(configuration: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(module: dict[str, Any], prefix: str, base: str) -> None:
        for name, call in (module.get("module_calls") or {}).items():
            address = f"{prefix}module.{name}"
            source = str(Path(base) / call.get("source", "")) if base else call.get("source", "")
            out[address] = source
            walk(call.get("module") or {}, address + ".", source)

    walk(configuration.get("root_module") or {}, "", "")
    return out


def parse_document(doc: dict[str, Any]) -> TfDocument:
    """Plan JSON, state JSON (from ``terraform show -json``) or a raw version-4 state file."""
    if not isinstance(doc, dict):
        raise TerraformReadError("Terraform JSON must be an object (output of `terraform show -json`)")
    resources: list[TfResource] = []
    if "planned_values" in doc:
        pending = _after_unknown(doc)
        _walk_module((doc["planned_values"] or {}).get("root_module") or {}, pending, resources)
        refs = _config_references(doc.get("configuration") or {})
        resources = [replace(r, references=refs.get(_INDEX.sub("", r.base_address), {})) for r in resources]
        prior = ((doc.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
        configuration = doc.get("configuration") or {}
        inputs, outputs = _wiring(configuration)
        documents = _policy_documents(prior, {}, {})
        _policy_documents((doc["planned_values"] or {}).get("root_module") or {}, pending, documents)
        planned = TfDocument(
            "plan",
            resources,
            _module_sources(configuration),
            doc.get("terraform_version"),
            module_inputs=inputs,
            module_outputs=outputs,
            policy_documents=documents,
        )
        return _identity(planned, prior)
    if "values" in doc or ("format_version" in doc and "resources" not in doc):
        root = (doc.get("values") or {}).get("root_module") or {}
        _walk_module(root, {}, resources)
        return _identity(TfDocument("state", resources, {}, doc.get("terraform_version")), root)
    if doc.get("version") == 4 and "resources" in doc:
        for r in doc["resources"]:
            if r.get("mode") != "managed":
                continue
            mod = r.get("module", "")
            for inst in r.get("instances") or ():
                key = inst.get("index_key")
                suffix = "" if key is None else f"[{json.dumps(key)}]"
                address = f"{mod + '.' if mod else ''}{r['type']}.{r['name']}{suffix}"
                resources.append(
                    TfResource(
                        address=address,
                        module=mod,
                        type=r["type"],
                        name=r["name"],
                        index=key,
                        values=dict(inst.get("attributes") or {}),
                    )
                )
        data = [
            {"mode": "data", "type": r.get("type"), "values": inst.get("attributes") or {}}
            for r in doc["resources"]
            if r.get("mode") == "data"
            for inst in r.get("instances") or ()
        ]
        return _identity(
            TfDocument("raw-state", resources, {}, doc.get("terraform_version")), {"resources": data}
        )
    raise TerraformReadError(
        "not a Terraform plan or state JSON: expected `planned_values` (plan), `values` (state) or a "
        "version-4 .tfstate; produce it with `terraform show -json [plan.out] > plan.json`"
    )


def load_json_file(path: Path) -> TfDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TerraformReadError(f"cannot read Terraform JSON {path}: {exc.strerror or exc}") from exc
    try:
        return parse_document(json.loads(text))
    except json.JSONDecodeError as exc:
        raise TerraformReadError(
            f"{path} is not JSON ({exc}); pass the output of `terraform show -json`"
        ) from exc


def show_directory(directory: Path, terraform: str | None = None, timeout: float = 300) -> TfDocument:
    """``terraform show -json`` in an initialised working dir; falls back to its terraform.tfstate."""
    if not directory.is_dir():
        raise TerraformReadError(f"Terraform directory {directory} does not exist")
    binary = terraform or shutil.which("terraform")
    problem = "terraform is not installed"
    if binary:
        proc = subprocess.run(
            [binary, f"-chdir={directory}", "show", "-json", "-no-color"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode == 0 and proc.stdout.strip():
            doc = parse_document(json.loads(proc.stdout))
            if doc.resources:
                return doc
            problem = "`terraform show -json` found no resources in the state"
        else:
            problem = _first_error(proc.stderr or proc.stdout)
    state = directory / "terraform.tfstate"
    if state.is_file():
        return load_json_file(state)
    raise TerraformReadError(
        f"cannot read Terraform state in {directory}: {problem}. Run `terraform init` there (with the same "
        "TF_DATA_DIR as apply), or pass --plan-json with the output of `terraform show -json`"
    )


def _first_error(text: str) -> str:
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", x).strip(" │╷╵") for x in text.splitlines()]
    lines = [x for x in lines if x]
    return next((x for x in lines if x.lower().startswith("error")), lines[0] if lines else "unknown error")
