"""Bundled review profiles (YAML data, loaded by :mod:`coattail.review.profile`); a package so they ship."""
