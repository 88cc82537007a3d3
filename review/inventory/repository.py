"""Facts read from the repository itself: CI, docs, scripts, agent specs, secrets scan, Terraform layout."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory.base import Frozen
from coattail.review.model import Location


class CIStep(Frozen):
    name: str | None = None
    uses: str | None = None
    run: str | None = None
    continue_on_error: bool = False

    @property
    def text(self) -> str:
        """Everything the step says (name, action, command), for keyword matching."""
        return " ".join(x for x in (self.name, self.uses, self.run) if x)


class CIJob(Frozen):
    id: str
    name: str | None = None
    needs: tuple[str, ...] = ()
    continue_on_error: bool = False
    steps: tuple[CIStep, ...] = ()


class CIWorkflow(Frozen):
    path: str
    name: str | None = None
    triggers: tuple[str, ...] = ()
    jobs: tuple[CIJob, ...] = ()

    @property
    def steps(self) -> tuple[CIStep, ...]:
        return tuple(s for j in self.jobs for s in j.steps)

    def find_steps(self, *keywords: str) -> tuple[CIStep, ...]:
        """Steps whose name/uses/run mention any keyword (case-insensitive)."""
        words = [k.lower() for k in keywords]
        return tuple(s for s in self.steps if any(w in s.text.lower() for w in words))


class DocumentFacts(Frozen):
    path: str
    exists: bool
    headings: tuple[str, ...] = ()
    line_count: int = 0
    mentions: dict[str, int] = {}  # keyword -> number of lines mentioning it (e.g. rollback)
    adr_headings: tuple[str, ...] = ()

    def mentions_any(self, *keywords: str) -> bool:
        return any(self.mentions.get(k.lower(), 0) > 0 for k in keywords)


class ScriptFacts(Frozen):
    path: str
    exists: bool
    executable: bool = False
    shebang: str | None = None
    commands: tuple[str, ...] = ()  # first word of each command line (e.g. ctc, aws, terraform)
    invocations: tuple[str, ...] = ()  # the command lines themselves (comments dropped)
    python_entry: str | None = None  # "module command" of a `python -m module command` line
    aws_operations: tuple[str, ...] = ()  # "service:operation" the entry's code calls (from its AST)


class AgentSpec(Frozen):
    path: str
    name: str
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()


class SecretMatch(Frozen):
    """A suspected secret in a tracked file (the matched value is never stored)."""

    kind: str  # aws_access_key_id | aws_secret_access_key | private_key | password_assignment | ...
    location: Location


class CodeUsage(Frozen):
    """Which source files use a practice (e.g. structured logging, correlation ids)."""

    practice: str
    files: tuple[str, ...] = ()


class ConfigFile(Frozen):
    """A tracked YAML/JSON configuration file, parsed (e.g. platform/jobs/config/pipeline.yaml)."""

    path: str
    values: dict[str, Any] = {}

    def get(self, dotted: str) -> Any:
        """The value at a dotted key (``detectors.spread.window``), None when absent."""
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


class TerraformLayout(Frozen):
    root: str
    exists: bool
    module_dirs: tuple[str, ...] = ()
    root_variable_count: int = 0
    root_output_count: int = 0
    resource_count: int = 0
    resource_types: dict[str, int] = {}
    has_backend: bool = False
    provider_pins: dict[str, str] = {}

    @property
    def module_count(self) -> int:
        return len(self.module_dirs)


class RepositoryFacts(Frozen):
    root: str
    tracked_files: tuple[str, ...] = ()
    workflows: tuple[CIWorkflow, ...] = ()
    documents: tuple[DocumentFacts, ...] = ()
    scripts: tuple[ScriptFacts, ...] = ()
    agent_specs: tuple[AgentSpec, ...] = ()
    secrets_scanned_files: int = 0
    secret_matches: tuple[SecretMatch, ...] = ()
    code_usage: tuple[CodeUsage, ...] = ()
    terraform: TerraformLayout | None = None
    dockerfiles: tuple[str, ...] = ()
    config_files: tuple[ConfigFile, ...] = ()

    def document(self, path: str) -> DocumentFacts | None:
        return next((d for d in self.documents if d.path == path), None)

    def config(self, path: str) -> ConfigFile | None:
        return next((c for c in self.config_files if c.path == path), None)

    def script(self, path: str) -> ScriptFacts | None:
        return next((s for s in self.scripts if s.path == path), None)

    def usage(self, practice: str) -> tuple[str, ...]:
        return next((u.files for u in self.code_usage if u.practice == practice), ())

    def has_file(self, path: str) -> bool:
        return path in self.tracked_files

    @property
    def ci_steps(self) -> tuple[CIStep, ...]:
        return tuple(s for w in self.workflows for s in w.steps)
