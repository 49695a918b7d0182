"""App Privacy Harness: audits what an Android app does with personal information."""

__version__ = "0.1.0"
