"""What the platform's stopped state removes, as Terraform plans it.

Read from a plan of the stopped state as JSON (``python -m coattail.cli.ops plan-state stopped``:
``terraform show -json`` of a plan with ``ctc_run_state.json`` saying stopped). The resources the
plan deletes exist only while the platform runs, so the cost summary prices them per running hour
instead of per idle day.
"""

from __future__ import annotations

from coattail.review.inventory.base import Frozen


class StoppedState(Frozen):
    """Resources a plan of the stopped state deletes: their Terraform addresses and identities."""

    plan: str  # where the plan came from (a file path)
    addresses: tuple[str, ...] = ()
    #: names, ids and ARNs of the deleted resources (any of them matches a priced resource)
    identities: tuple[str, ...] = ()

    def removes(self, identity: str) -> bool:
        return identity in self.identities
