"""`pipeline init`: a working folder a council can run from, and what to do next."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, dir_okay=True, file_okay=False))
@click.option("--no-templates", is_flag=True,
              help="Leave out templates/ (the pipeline's own report types and wording are used).")
def init(folder: Path, no_templates: bool) -> None:
    """Make FOLDER a working folder to run the pipeline from.

    \b
    Makes drop/ (watched for officers' workbooks), output/, meetings.toml
    (a meeting calendar with a commented example), pipeline.toml (the folders
    every command uses, and the email settings, commented), templates/ (a copy
    of the report types, the Word house template and the email wording, to edit)
    and README.txt. Refuses to overwrite anything. From FOLDER, every command
    then works with no options.
    """
    from ..workfolder import init as make

    for path in make(folder, templates=not no_templates):
        click.echo(f"{path}{os.sep if path.is_dir() else ''}")
    click.echo(f"\nNext: cd {folder}, drop a workbook into its drop folder, then 'pipeline watch --once'. "
               "README.txt there says what each file is for.")


COMMANDS = (init,)
