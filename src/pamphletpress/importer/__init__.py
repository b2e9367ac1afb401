"""``pamphletpress import``: a printed paper's text or PDF back to a clean manuscript."""
