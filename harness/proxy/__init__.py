"""Traffic capture: mitmdump runner, the harness addon, flow records, HAR import/export."""
