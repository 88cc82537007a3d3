"""Pricing tables shipped with ctc-review (one YAML per region) and the assumed demo workload."""
