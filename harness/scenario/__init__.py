"""Consent scenarios: YAML-described steps (model.py), built-ins (builtin/*.yaml), the consent-dialog
finder (consent.py) and the runner that executes steps on a device and writes ui.jsonl (runner.py)."""
