"""`python -m pipeline ...`: the same as the `pipeline` command (useful where Scripts is not on PATH)."""

from .cli import run_cli

run_cli()
