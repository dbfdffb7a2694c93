"""Tools for working on indberet itself (not installed with the package)."""
