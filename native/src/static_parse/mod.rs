//! Static package.py reader (in progress).
