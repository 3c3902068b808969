"""Reading a dump and splitting it into posts at its `Ways to Share:` marker lines.

Input is read line by line, so a dump of any size is split in constant memory.
"""

from __future__ import annotations

import codecs
import io
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
    # The cheap test first: most lines are long paragraphs that do not end in a colon.
    tail = line.rstrip()
    return tail[-1:] == ":" and tail.strip().lower() == MARKER


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
    text = io.TextIOWrapper(
        stream, encoding="utf-8-sig" if codec.name == "utf-8" else codec.name, newline=None
    )
    number, reported = 0, 0
    try:
        for number, line in enumerate(text, 1):
            if "\0" in line:
                raise DumpError(
                    f"{name}: line {number} contains NUL bytes: this looks like a binary file, "
                    "not a text dump"
                )
            yield line[:-1] if line.endswith("\n") else line
            if progress is not None and number % 4096 == 0:
                position = stream.tell()
                progress(position - reported)
                reported = position
    except UnicodeDecodeError:
        where = _invalid_line(stream, codec.name) or f"a line after line {number}"
        raise DumpError(
            f"{name}: {where} is not valid {codec.name}. If the file uses another encoding, "
            "name it with --encoding, e.g. --encoding cp1252"
        ) from None
    finally:
        text.detach()


def _invalid_line(stream: BinaryIO, encoding: str) -> str | None:
    """Find the first line that does not decode, reading the file again from the start."""
    if not stream.seekable():
        return None
    stream.seek(0)
    for number, raw in enumerate(stream, 1):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError as exc:
            return f"line {number} (byte {exc.start + 1} of the line)"
    return None


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
