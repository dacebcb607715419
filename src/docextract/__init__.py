"""docextract: read Japanese KYC documents and recommend approve / reject / review."""

__version__ = "0.1.0"
