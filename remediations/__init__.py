"""Built-in remediations, one module per AWS service (installed as ``compliance.builtin.remediations``)."""
