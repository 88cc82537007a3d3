"""The repository collector: CI workflows, docs, scripts, agent specs, secrets scan, code practices.

Reads tracked files only (``git ls-files``; a plain walk when not a git checkout). Suspected
secrets are reported by kind and location, never with the matched value.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from coattail.review.collectors.code_practices import PRACTICES, is_runtime_code, practices_in
from coattail.review.collectors.script_calls import script_operations
from coattail.review.inventory import (
    AgentSpec,
    CIJob,
    CIStep,
    CIWorkflow,
    CodeUsage,
    DocumentFacts,
    Inventory,
    RepositoryFacts,
    ScriptFacts,
    SecretMatch,
    TerraformLayout,
)
from coattail.review.inventory.repository import ConfigFile
from coattail.review.model import Location, SourceKind, SourceRun

SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".terraform",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "build",
    "dist",
    ".local",
}
KEY_DOCUMENTS = ("README.md", "docs/RUNBOOK.md", "docs/ARCHITECTURE.md", "docs/SCORING.md")
KEY_SCRIPTS = ("scripts/start.sh", "scripts/stop.sh")
MENTION_WORDS = (
    "rollback",
    "roll back",
    "restore",
    "recovery",
    "time travel",
    "alarm",
    "cost",
    "incident",
    "runbook",
    "destroy",
    "checkpoint",
    "dlq",
    "vpc",
    "waf",
    "cloudtrail",
    "pitr",
    "graviton",
    "carbon",
    "circuit breaker",
    "correlation",
)
MAX_SCAN_BYTES = 512_000

# Built from parts so this file does not match its own patterns.
_PEM = "-----BEGIN " + r"(?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?" + "PRIVATE KEY-----"
SECRET_PATTERNS: dict[str, re.Pattern[str]] = {
    "aws_access_key_id": re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"),
    "aws_secret_access_key": re.compile(
        r"(?i)aws_?secret_?access_?key\s*[:=]\s*['\"]?(?P<v>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
    ),
    "private_key": re.compile(_PEM),
    "password_assignment": re.compile(
        r"(?i)\b(?:password|passwd|api_?key|secret_?key|auth_?token)\b\s*[:=]\s*['\"](?P<v>[^'\"\s]{8,})['\"]"
    ),
}
PLACEHOLDERS = re.compile(
    r"(?i)^(?:testing|test|example|changeme|dummy|fake|placeholder|xxx+|\*+|<.*>|\$\{.*\}|"
    r"your[-_].*|.*example.*|none|null|redacted)$"
)
TEXT_SUFFIXES = {
    ".py",
    ".tf",
    ".md",
    ".yml",
    ".yaml",
    ".json",
    ".sh",
    ".toml",
    ".cfg",
    ".ini",
    ".txt",
    ".js",
    ".ts",
    ".html",
    ".css",
    ".env",
    ".j2",
    ".tfvars",
    ".hcl",
    "",
}


def tracked_files(root: Path) -> list[str]:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True, timeout=60
        )
        files = [f for f in proc.stdout.decode("utf-8", "replace").split("\0") if f]
        if files:
            return sorted(f for f in files if (root / f).is_file())
    except (OSError, subprocess.SubprocessError):
        pass
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            out.append(str((Path(dirpath) / name).relative_to(root)))
    return sorted(out)


def _read(root: Path, rel: str) -> str | None:
    path = root / rel
    try:
        if path.stat().st_size > MAX_SCAN_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


# -- CI -----------------------------------------------------------------------------------------
def parse_workflow(path: str, text: str) -> CIWorkflow:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        return CIWorkflow(path=path)
    on = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as True
    triggers = tuple(on) if isinstance(on, dict | list) else ((on,) if isinstance(on, str) else ())
    jobs = []
    for job_id, job in (data.get("jobs") or {}).items():
        job = job or {}
        needs = job.get("needs") or ()
        steps = tuple(
            CIStep(
                name=s.get("name"),
                uses=s.get("uses"),
                run=s.get("run"),
                continue_on_error=bool(s.get("continue-on-error", False)),
            )
            for s in job.get("steps") or ()
            if isinstance(s, dict)
        )
        jobs.append(
            CIJob(
                id=str(job_id),
                name=job.get("name"),
                needs=(needs,) if isinstance(needs, str) else tuple(needs),
                continue_on_error=bool(job.get("continue-on-error", False)),
                steps=steps,
            )
        )
    return CIWorkflow(
        path=path, name=data.get("name"), triggers=tuple(str(t) for t in triggers), jobs=tuple(jobs)
    )


# -- documents ----------------------------------------------------------------------------------
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ADR = re.compile(r"\bADR[-\s]?\d+", re.I)


def parse_document(path: str, text: str | None) -> DocumentFacts:
    if text is None:
        return DocumentFacts(path=path, exists=False)
    lines = text.splitlines()
    headings: list[str] = []
    in_code = False
    for line in lines:
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        m = None if in_code else _HEADING.match(line)
        if m:
            headings.append(m.group(2))
    lower = [line.lower() for line in lines]
    mentions = {w: sum(1 for line in lower if w in line) for w in MENTION_WORDS}
    return DocumentFacts(
        path=path,
        exists=True,
        headings=tuple(headings),
        line_count=len(lines),
        mentions={k: v for k, v in mentions.items() if v},
        adr_headings=tuple(h for h in headings if _ADR.search(h)),
    )


# -- scripts ------------------------------------------------------------------------------------
def parse_script(root: Path, path: str, modes: dict[str, str]) -> ScriptFacts:
    full = root / path
    text = _read(root, path)
    if text is None:
        return ScriptFacts(path=path, exists=full.exists())
    lines = text.splitlines()
    shebang = lines[0][2:].strip() if lines and lines[0].startswith("#!") else None
    invocations = [
        ln.strip() for ln in lines[1 if shebang else 0 :] if ln.strip() and not ln.strip().startswith("#")
    ]
    commands = []
    for inv in invocations:
        word = inv.split()[0] if inv.split() else ""
        if re.match(r"^[A-Za-z0-9_./-]+$", word) and word not in (
            "then",
            "fi",
            "do",
            "done",
            "else",
            "}",
            "{",
        ):
            commands.append(word)
    executable = modes.get(path) == "100755" if path in modes else os.access(full, os.X_OK)
    entry, operations = script_operations(root, tuple(invocations))
    return ScriptFacts(
        path=path,
        exists=True,
        executable=executable,
        shebang=shebang,
        commands=tuple(dict.fromkeys(commands)),
        invocations=tuple(invocations),
        python_entry=entry,
        aws_operations=operations,
    )


def _git_modes(root: Path) -> dict[str, str]:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-s"], capture_output=True, text=True, check=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    out = {}
    for line in proc.stdout.splitlines():
        meta, _, name = line.partition("\t")
        out[name] = meta.split()[0] if meta else ""
    return out


# -- agent specifications -----------------------------------------------------------------------
def _items(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, dict):
        return tuple(str(k) for k in value)
    return tuple(str(v.get("name", v) if isinstance(v, dict) else v) for v in value)


def parse_agent(path: str, text: str) -> AgentSpec | None:
    stem = Path(path).stem
    data: Any = None
    if path.endswith((".yaml", ".yml")):
        data = yaml.safe_load(text)
    elif path.endswith(".json"):
        data = json.loads(text)
    elif text.startswith("---"):
        _, _, rest = text.partition("---")
        front, _, _ = rest.partition("\n---")
        data = yaml.safe_load(front)
    if isinstance(data, dict) and ("inputs" in data or "outputs" in data):
        return AgentSpec(
            path=path,
            name=str(data.get("name") or stem),
            inputs=_items(data.get("inputs")),
            outputs=_items(data.get("outputs")),
        )
    if path.endswith(".md"):
        sections: dict[str, list[str]] = {}
        current = None
        name = stem
        for line in text.splitlines():
            m = _HEADING.match(line)
            if m:
                title = m.group(2).strip().lower()
                if m.group(1) == "#" and name == stem:
                    name = m.group(2).strip()
                current = (
                    "inputs"
                    if title.startswith("input")
                    else "outputs"
                    if title.startswith("output")
                    else None
                )
                continue
            bullet = re.match(r"^\s*[-*]\s+(.*)", line)
            if current and bullet:
                sections.setdefault(current, []).append(bullet.group(1).strip())
        if sections:
            return AgentSpec(
                path=path,
                name=name,
                inputs=tuple(sections.get("inputs", ())),
                outputs=tuple(sections.get("outputs", ())),
            )
    return None


# -- secrets ------------------------------------------------------------------------------------
def scan_secrets(path: str, text: str) -> list[SecretMatch]:
    found = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in SECRET_PATTERNS.items():
            for m in pattern.finditer(line):
                value = m.groupdict().get("v")
                if value is not None and PLACEHOLDERS.match(value):
                    continue
                if kind == "aws_access_key_id" and m.group(0).endswith("EXAMPLE"):
                    continue
                found.append(
                    SecretMatch(kind=kind, location=Location(path=path, start_line=lineno, end_line=lineno))
                )
    return found


# -- Terraform layout ---------------------------------------------------------------------------
def terraform_layout(root: Path, rel: str, files: list[str]) -> TerraformLayout:
    tf_files = [f for f in files if f.startswith(rel.rstrip("/") + "/") and f.endswith(".tf")]
    if not tf_files:
        return TerraformLayout(root=rel, exists=False)
    root_files = [f for f in tf_files if "/" not in f[len(rel.rstrip("/")) + 1 :]]
    texts = {f: _read(root, f) or "" for f in tf_files}
    resource_types: Counter[str] = Counter()
    for text in texts.values():
        resource_types.update(re.findall(r'^\s*resource\s+"([a-z0-9_]+)"\s+"', text, re.MULTILINE))
    pins = {}
    for text in texts.values():
        for m in re.finditer(
            r'(\w+)\s*=\s*\{[^{}]*?source\s*=\s*"([^"]+)"[^{}]*?version\s*=\s*"([^"]+)"', text, re.S
        ):
            pins[m.group(2)] = m.group(3)
    module_dirs = sorted({str(Path(f).parent) for f in tf_files if f not in root_files})
    return TerraformLayout(
        root=rel,
        exists=True,
        module_dirs=tuple(module_dirs),
        root_variable_count=sum(
            len(re.findall(r'^variable\s+"', texts[f], re.MULTILINE)) for f in root_files
        ),
        root_output_count=sum(len(re.findall(r'^output\s+"', texts[f], re.MULTILINE)) for f in root_files),
        resource_count=sum(resource_types.values()),
        resource_types=dict(sorted(resource_types.items())),
        has_backend=any(re.search(r'^\s*backend\s+"', texts[f], re.MULTILINE) for f in root_files),
        provider_pins=pins,
    )


def _config_file(path: str, text: str) -> ConfigFile | None:
    if path.endswith(".js"):  # `window.CONFIG = {...};`: a JSON object assigned in a JS config file
        text = text[text.find("{") : text.rfind("}") + 1]
    try:
        data = yaml.safe_load(text) if path.endswith((".yaml", ".yml")) else json.loads(text)
    except (json.JSONDecodeError, yaml.YAMLError):
        return None
    return ConfigFile(path=path, values=data) if isinstance(data, dict) else None


def collect_repository(root: Path, terraform_root: str = "platform/infra") -> Inventory:
    started = datetime.now(UTC)
    root = root.resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"repository root {root} does not exist")
    files = tracked_files(root)
    modes = _git_modes(root)
    workflows = []
    for f in files:
        if f.startswith(".github/workflows/") and f.endswith((".yml", ".yaml")):
            try:
                workflows.append(parse_workflow(f, _read(root, f) or ""))
            except yaml.YAMLError:
                workflows.append(CIWorkflow(path=f, name="(unparseable YAML)"))
    doc_paths = sorted(set(KEY_DOCUMENTS) | {f for f in files if f.startswith("docs/") and f.endswith(".md")})
    documents = [parse_document(p, _read(root, p) if p in files else None) for p in doc_paths]
    script_paths = sorted(
        set(KEY_SCRIPTS) | {f for f in files if f.startswith("scripts/") and f.endswith(".sh")}
    )
    scripts = [
        parse_script(root, p, modes) if p in files else ScriptFacts(path=p, exists=False)
        for p in script_paths
    ]
    agents = []
    for f in files:
        if (
            f.startswith("agents/")
            and f.endswith((".md", ".yaml", ".yml", ".json"))
            and not f.endswith("README.md")
        ):
            try:
                spec = parse_agent(f, _read(root, f) or "")
            except (yaml.YAMLError, json.JSONDecodeError):
                spec = None
            if spec is not None:
                agents.append(spec)
    secrets: list[SecretMatch] = []
    scanned = 0
    usage: dict[str, list[str]] = {p: [] for p in PRACTICES}  # practice -> runtime files showing it
    configs: list[ConfigFile] = []
    for f in files:
        if Path(f).suffix not in TEXT_SUFFIXES:
            continue
        text = _read(root, f)
        if text is None:
            continue
        scanned += 1
        secrets.extend(scan_secrets(f, text))
        if is_runtime_code(f):
            for practice in practices_in(text):
                usage[practice].append(f)
        is_config = f.endswith((".yaml", ".yml", ".json")) or Path(f).name == "config.js"
        if f.startswith("platform/") and is_config and "/build/" not in f:
            cfg = _config_file(f, text)
            if cfg is not None:
                configs.append(cfg)
    facts = RepositoryFacts(
        root=str(root),
        tracked_files=tuple(files),
        workflows=tuple(workflows),
        documents=tuple(documents),
        scripts=tuple(scripts),
        agent_specs=tuple(agents),
        secrets_scanned_files=scanned,
        secret_matches=tuple(secrets),
        code_usage=tuple(CodeUsage(practice=p, files=tuple(v)) for p, v in usage.items()),
        terraform=terraform_layout(root, terraform_root, files),
        dockerfiles=tuple(f for f in files if Path(f).name.startswith("Dockerfile")),
        config_files=tuple(configs),
    )
    run = SourceRun(
        kind=SourceKind.REPOSITORY,
        target=str(root),
        collected_at=started,
        ok=True,
        detail=f"{len(files)} tracked files, {len(workflows)} workflows, {len(agents)} agent specs",
    )
    return Inventory(repository=facts, sources=(run,))
