"""JSON Schemas for every file kind, shipped with the package."""
