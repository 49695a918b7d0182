"""Built-in scenarios as YAML (package data): no_interaction, accept, reject, deny_permissions, background, explore, withdraw."""
