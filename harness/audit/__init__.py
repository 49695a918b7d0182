"""The audit conductor: device + agent + proxy + consent scenarios -> trace -> analysis -> reports."""

from harness.audit.conductor import AuditOptions, AuditResult, Conductor, resolve_out_dir, run_audit

__all__ = ["AuditOptions", "AuditResult", "Conductor", "resolve_out_dir", "run_audit"]
