"""Pure-text layer: dates, check digits and comparison keys for Japanese ID text.

Everything here works on strings only (no images, no OCR), so it can be unit-tested
exhaustively and shared by the extractors and the fixture renderers.
"""
