"""The archive-scale benchmarks: factbot beside its peers, run by hand (`make bench`), never by the tests."""
