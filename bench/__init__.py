"""Load, fault, scale and soak benchmarks (see docs/performance.md, docs/reliability.md)."""
