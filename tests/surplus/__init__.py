"""Tests and the simulation harness for the solar-surplus controller."""
