"""Bundled review profiles (YAML data, loaded by :mod:`review.profile`); a package so they ship."""
