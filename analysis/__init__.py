"""Loading results, statistics and figures."""
