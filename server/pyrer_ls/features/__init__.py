"""LSP features: each module turns analysis results into lsprotocol types for one LSP method."""
