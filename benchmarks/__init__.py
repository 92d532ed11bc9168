"""Quality and performance measurements of zhlint (python -m benchmarks.corpus / .inject / .perf)."""
