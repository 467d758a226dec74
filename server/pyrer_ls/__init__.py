"""pyrer_ls: the rez package language server and `pyrer check`, on one pure analysis core."""
