"""Deterministic renderer of synthetic KYC fixtures (licences, bills, submissions).

Everything here is invented: people come from a seeded faker ``ja_JP``, numbers from
seeded RNGs. Run ``python scripts/make_fixtures.py`` to regenerate ``fixtures/``.
"""
