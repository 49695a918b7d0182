"""The command line: only this package reads argv, prints for people and picks exit codes."""
