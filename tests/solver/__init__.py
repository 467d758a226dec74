"""Tests of pyrer.solve against rez's own solver test cases and recorded resolves."""
