"""Benchmarks: `python -m bench.checkins` measures check-in throughput, latency and lag."""
