"""ctc-review: an AWS Well-Architected review engine (collect once, check many times)."""

from coattail.core import __version__

__all__ = ["__version__"]
