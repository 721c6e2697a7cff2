"""Helpers shared by test modules.

A test module imports from here (or from tests.factories), never from another
test module. Shared fixtures live in tests/conftest.py.
"""
