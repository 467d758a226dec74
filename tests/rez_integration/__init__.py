"""Tests of pyrer.rez: loading from rez, the rez shim (in-process and through rez's CLI), diff-rez."""
