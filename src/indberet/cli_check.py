"""Commands of the `check` area; they register on :data:`indberet.cli.cli`.

Like cli.py: parse options, call the application, render, map exit codes. Import heavy
modules inside the commands.
"""

from __future__ import annotations
