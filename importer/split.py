"""Reading a dump and splitting it into posts at its `Ways to Share:` marker lines.

Input is read line by line, so a dump of any size is split in constant memory.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

MARKER = "ways to share:"


class DumpError(Exception):
    """A dump that cannot be imported; the message names the file and says why."""


@dataclass
class Chunk:
    """The lines of one post, and the marker line that closed it (None for trailing text)."""

    lines: list[str] = field(default_factory=list)
    marker: str | None = None

    @property
    def closed(self) -> bool:
        return self.marker is not None

    @property
    def blank(self) -> bool:
        return not any(line.strip() for line in self.lines)


def is_marker(line: str) -> bool:
    return line.strip().lower() == MARKER


def read_lines(
    stream: BinaryIO,
    name: str,
    encoding: str = "utf-8",
    progress: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """Yield the decoded lines of a dump with CRLF and CR line endings normalised.

    Refuses binary input and text that is not valid in `encoding`, naming the line.
    """
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise DumpError(f"unknown encoding {encoding!r}") from None
    if "\n".encode(codec.name) != b"\n":
        raise DumpError(f"encoding {encoding!r} is not supported; convert {name} to UTF-8")
    bom_encoding = "utf-8-sig" if codec.name == "utf-8" else codec.name
    consumed = 0
    for number, raw in enumerate(stream, 1):
        if b"\0" in raw:
            raise DumpError(
                f"{name}: line {number} contains NUL bytes: this looks like a binary file, "
                "not a text dump"
            )
        try:
            line = raw.decode(bom_encoding if number == 1 else codec.name)
        except UnicodeDecodeError as exc:
            raise DumpError(
                f"{name}: line {number} is not valid {codec.name} (byte {exc.start + 1} of the "
                "line). If the file uses another encoding, name it with --encoding, "
                "e.g. --encoding cp1252"
            ) from None
        if line.endswith("\n"):
            line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
        # A bare CR is an old Mac line ending.
        yield from line.split("\r")
        if progress is not None:
            consumed += len(raw)
            if number % 2048 == 0:
                progress(consumed)
                consumed = 0
    if progress is not None and consumed:
        progress(consumed)


def split(lines: Iterable[str]) -> Iterator[Chunk]:
    """Split lines into chunks, each closed by a marker line; trailing text is a last chunk.

    Joining every chunk's lines and marker with newlines gives the input back, so no text is
    lost. Trailing blank lines after the last marker are not a chunk.
    """
    current = Chunk()
    for line in lines:
        if is_marker(line):
            current.marker = line
            yield current
            current = Chunk()
        else:
            current.lines.append(line)
    if current.lines and not current.blank:
        yield current
