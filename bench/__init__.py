"""Benchmarks: `make bench` (or `python -m bench [SECTION...]`) prints figures and ratios.

Each section is a module with ``run() -> None`` that prints its own table. Speed figures are
measured as ratios within one run, since machines are noisy.
"""
