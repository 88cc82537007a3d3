"""Detector modules: MOD-001 volume anomaly, MOD-002 whale, MOD-003 spread.

Each is a set of pure DataFrame -> DataFrame steps parameterised by its config section.
"""
