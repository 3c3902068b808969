"""`flask version`: the installed package's version, as pip and the wheel's metadata have it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

DISTRIBUTION = "community-site"


def installed_version() -> str:
    """The version of the installed (or editable-installed) package."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        raise click.ClickException(
            f"{DISTRIBUTION} is not installed in this Python environment "
            "(pip install . or the wheel); its version is unknown"
        ) from None


@click.command("version")
def version_command() -> None:
    """Print the site's version (the package's, from its metadata)."""
    click.echo(f"{DISTRIBUTION} {installed_version()}")
