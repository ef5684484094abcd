"""Benchmarks page components."""
