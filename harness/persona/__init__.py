"""Personas for differential runs: who the device and account pretend to be (PIPL Art. 24 and 31)."""

from harness.persona.model import CHILD_AGE, Persona, differing, load_persona, parse_persona

__all__ = ["CHILD_AGE", "Persona", "differing", "load_persona", "parse_persona"]
