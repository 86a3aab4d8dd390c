"""The `pipeline` command: a thin layer over the library. Each command parses, calls one library
function, prints, and picks an exit code (see `tracker`, `delivery` and `web`)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..files import end_now
from . import delivery, tracker, web, workfolder
from .options import Settings, command_defaults


class PipelineGroup(click.Group):
    """Settings that cannot be used, inputs that cannot be used and a command line that cannot be
    understood all end a command in one sentence (never Click's usage block)."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            click.echo(usage_sentence(exc), err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(exc.format_message(), err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Stopped.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        from ..model import ConfigError, Fault, Refusal

        try:
            return super().invoke(ctx)
        except (ConfigError, Refusal) as exc:
            click.echo(str(exc), err=True)
            ctx.exit(2)
        except Fault as exc:
            click.echo(str(exc), err=True)
            ctx.exit(3)


def usage_sentence(exc: click.UsageError) -> str:
    """A command line that cannot be understood, in one sentence saying where to look."""
    command = exc.ctx.command_path if exc.ctx else "pipeline"
    helping = f"run '{command} --help' to see what it takes"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return f"'{command}' needs {_named(exc.param)}: {helping}."
    if isinstance(exc, click.NoSuchOption):
        maybe = f" (did you mean {' or '.join(exc.possibilities)}?)" if exc.possibilities else ""
        return f"'{command}' has no option {exc.option_name}{maybe}: {helping}."
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return f"The {_named(exc.param)} given to '{command}' cannot be used: {exc.message.rstrip('.')}."
    return f"{exc.message.rstrip('.')}: {helping}."


def _named(param: click.Parameter) -> str:
    return param.opts[0] if isinstance(param, click.Option) else param.human_readable_name.rstrip(".")


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), envvar="PIPELINE_TEMPLATES",
              help="Folder of report types and house templates (default: the ones built into the pipeline).")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), envvar="PIPELINE_CONFIG",
              help="Settings file (default: pipeline.toml here, if there is one): its [defaults] give "
                   "the folders commands use, its [smtp] how email is sent. PIPELINE_SMTP_* variables "
                   "override [smtp]; secrets are only ever read from the environment.")
@click.version_option(package_name="council-pipeline")
@click.pass_context
def main(ctx: click.Context, templates: Path | None, config: Path | None) -> None:
    """Turn officers' Excel action trackers into the Word committee appendix and its summary paragraph.

    'pipeline init FOLDER' makes a working folder; run there, the commands take their folders
    (drop, output, calendar, templates) from its pipeline.toml, so none needs options.

    \b
    Exit codes: 0 done; 1 the tracker has errors (nothing built unless --force);
    2 the input could not be used (unreadable, wrong kind, bad arguments); 3 the machine
    stopped it (a full disk, a folder that may not be written to, a file open in another
    program): nothing was written, and the same command may succeed later.
    """
    if config is None and Path("pipeline.toml").is_file():
        config = Path("pipeline.toml")
    if config is not None and ctx.invoked_subcommand != "init":
        from ..workfolder import defaults

        found = defaults(config)
        ctx.default_map = command_defaults(found)
        templates = templates or (Path(found.templates) if found.templates else None)
    ctx.obj = Settings(templates, config)


for _command in (*tracker.COMMANDS, *delivery.COMMANDS, *workfolder.COMMANDS, *web.COMMANDS):
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
    end_now()  # what the run holds until the process ends (the run log's lock) is let go
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


