"""indberet: an auditor for national reporting requirements.

Kept import-free on purpose: ``indberet --version`` must start as fast as click alone.
"""

__version__ = "0.1.0"
