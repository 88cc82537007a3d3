"""ctc-review: an AWS Well-Architected review engine (collect once, check many times)."""

__version__ = "0.1.0"
