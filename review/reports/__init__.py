"""Reports rendered only from ``ReviewResults``: HTML scorecard, Markdown review, SARIF, JUnit."""

from coattail.review.reports.writer import REPORT_FILES, write_all

__all__ = ["REPORT_FILES", "write_all"]
