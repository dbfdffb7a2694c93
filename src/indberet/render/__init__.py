"""Renderers: one module per output format. A renderer returns text; the CLI writes it."""
