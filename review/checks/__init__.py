"""The Well-Architected checks: one module per check, each a pure function over the inventory.

Adding a check is one new file plus its test:

1. ``review/checks/<check_id>.py`` with one function ``<check_id>(inventory[, params])``
   decorated with :func:`coattail.review.checks._registry.check` (id, title, pillar, a real
   Well-Architected best-practice id from ``_wa_catalog``, severity, service, resource type,
   rationale, remediation, optional Terraform remediation and ``params`` defaults). It yields one
   :class:`coattail.review.model.Finding` per resource examined (helpers in ``_common``: ``each``,
   ``verdict``, ``none_found``); it never calls AWS.
2. A holding and a broken case in ``tests/review_checks/cases_*.py`` (the registry test fails
   until both exist).
3. ``docs/BEST_PRACTICES.md`` regenerated with
   ``python -m coattail.review.reports.coverage_doc > docs/BEST_PRACTICES.md``
   (``tests/reports/test_coverage_doc.py`` fails until it lists the check).

:func:`load_checks` discovers the modules with ``pkgutil``; modules starting with ``_`` are
helpers. A review profile (``review/profiles/*.yaml``) passes expected figures as parameters.
"""

from coattail.review.checks._registry import Check, CheckDefinitionError, Params, check, load_checks

__all__ = ["Check", "CheckDefinitionError", "Params", "check", "load_checks"]
