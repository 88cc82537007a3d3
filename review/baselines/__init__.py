"""Committed baselines for the regression gate; ``self.json`` is the project's own."""
