"""Demonstration data: a simulated population (population) written as monthly extracts and loaded (writer)."""
