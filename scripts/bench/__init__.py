"""Benchmarks: Home Assistant with the integration in this process, chargers in another."""
