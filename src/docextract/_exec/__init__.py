"""One thin wrapper module per external program."""
