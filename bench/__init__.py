"""Benchmark scripts: run each as ``python bench/NAME.py``; they print figures against limits."""
