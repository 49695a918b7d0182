"""The declared privacy policy (what the app promises) and the necessary-PI baselines (what the law allows)."""
