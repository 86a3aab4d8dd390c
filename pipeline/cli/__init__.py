"""The `pipeline` command: a thin layer over the library. Each command parses, calls one library
function, prints, and picks an exit code (see `tracker`, `delivery` and `web`)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

import click

from . import delivery, tracker, web
from .options import Settings


class PipelineGroup(click.Group):
    """Settings that cannot be used, and inputs that cannot be used, end a command in one sentence."""

    def invoke(self, ctx: click.Context) -> Any:
        from ..model import ConfigError, Refusal

        try:
            return super().invoke(ctx)
        except (ConfigError, Refusal) as exc:
            click.echo(str(exc), err=True)
            ctx.exit(2)


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), envvar="PIPELINE_TEMPLATES",
              help="Folder of report types and house templates (default: the ones built into the pipeline).")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), envvar="PIPELINE_CONFIG",
              help="Settings file with an [smtp] table (default: pipeline.toml here, if there is one). "
                   "PIPELINE_SMTP_* variables override it; the password is only ever read from "
                   "PIPELINE_SMTP_PASSWORD.")
@click.version_option(package_name="council-pipeline")
@click.pass_context
def main(ctx: click.Context, templates: Path | None, config: Path | None) -> None:
    """Turn officers' Excel action trackers into the Word committee appendix and its summary paragraph.

    \b
    Exit codes: 0 done; 1 the tracker has errors (nothing built unless --force);
    2 the input could not be used (unreadable, wrong kind, bad arguments).
    """
    if config is None and Path("pipeline.toml").is_file():
        config = Path("pipeline.toml")
    ctx.obj = Settings(templates, config)


for _command in (*tracker.COMMANDS, *delivery.COMMANDS, *web.COMMANDS):
    main.add_command(_command)


def run_cli() -> None:
    """Entry point: the commands, with any unexpected failure reported in one sentence."""
    # A command runs once and the process ends: it has no use for the cycle collector, which
    # would rescan everything a large build made (watch and serve, which run on, turn it on).
    gc.disable()
    code = 0
    try:
        main(standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        click.echo(f"The pipeline stopped unexpectedly ({type(exc).__name__}: {exc}); nothing was changed. "
                   "Run again with PIPELINE_DEBUG=1 for details and report it.", err=True)
        code = 2
    # Every output is written and closed by now: leave without freeing a large build object by
    # object, which can take longer than writing the appendix did.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


