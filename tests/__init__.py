"""Test suite of pyrer."""
