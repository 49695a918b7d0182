"""Detection: who is behind a class name or a host (SDK database), and PI values in traffic."""
