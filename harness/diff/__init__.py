"""Differential runs: one scenario under several personas, compared (PIPL Art. 24 pricing, Art. 31 minors)."""
