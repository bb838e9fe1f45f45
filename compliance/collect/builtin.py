"""Registers the built-in collectors (one module per AWS service under compliance.collect)."""
