"""No credentials are committed to the repository."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory
from coattail.review.model import Finding, SourceKind, Status


@check(
    id="repo_no_secrets",
    title="The repository contains no committed secrets (keys, private keys, passwords)",
    pillar="security",
    bp_id="SEC02-BP03",
    severity="critical",
    service="repository",
    resource_type="file",
    rationale="A secret in git history is public to everyone with read access, forever; configuration "
    "comes from SSM and public feeds need no keys.",
    remediation="Remove the secret, rotate it, and load it at runtime from Secrets Manager/SSM SecureString.",
)
def repo_no_secrets(inv: Inventory) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "tracked files for secrets")
        return
    for m in repo.secret_matches:
        yield Finding(
            resource_id=m.location.path,
            resource_type="file",
            source=SourceKind.REPOSITORY,
            status=Status.FAIL,
            message=f"{m.location.path}:{m.location.start_line}: suspected {m.kind}",
            observed={"kind": m.kind},
            location=m.location,
        )
    if not repo.secret_matches:
        status = Status.PASS if repo.secrets_scanned_files else Status.UNKNOWN
        yield repository_finding(
            ".",
            status,
            f"{repo.secrets_scanned_files} tracked files scanned, no secret found"
            if repo.secrets_scanned_files
            else "no files were scanned for secrets",
            scanned_files=repo.secrets_scanned_files,
        )
