"""Differential tests: random repositories solved by pyrer and by rez."""
