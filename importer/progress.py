"""What a long maintainer command is doing, on standard error: on a terminal a bar where the
amount is known, elsewhere (cron, CI) a plain line per step, and nothing with `--quiet`. The
command's report stays on standard output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

# A bar only for work of at least this much: a small one is over before it could be read.
BAR_MIN = 4 * 1024 * 1024


class Progress:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.terminal = sys.stderr.isatty()

    def step(self, text: str) -> None:
        """One step that starts now, of no known length."""
        if not self.quiet:
            click.echo(text, err=True)

    @contextmanager
    def bar(self, label: str, length: int, bar_min: int = 0) -> Iterator[Callable[[int], None]]:
        """A step of `length` units; yields the function that advances it by some units."""
        if self.quiet or not self.terminal or length < max(bar_min, 1):
            self.step(label)
            yield lambda _units: None
            return
        with click.progressbar(length=length, label=label, file=sys.stderr) as shown:
            yield shown.update


def counted(count: int, noun: str) -> str:
    """'1 new post', '2 new posts': a count and its noun in the right number."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def quiet_option(function):
    return click.option("--quiet", "-q", is_flag=True, help="Print the report only, no progress.")(
        function
    )
