"""The marker of a value a plan knows only after apply but that will be set (see ``after_apply``)."""

from __future__ import annotations

_MARKER = "known after apply ("


class AfterApply(str):
    """The value of an attribute that will be set on apply but is not known yet."""

    __slots__ = ()

    @classmethod
    def of(cls, reference: str) -> AfterApply:
        return cls(f"{_MARKER}{reference})")


def is_after_apply(value: object) -> bool:
    """Whether ``value`` is the after-apply marker (also once copied into a plain ``str``)."""
    return isinstance(value, str) and value.startswith(_MARKER) and value.endswith(")")
