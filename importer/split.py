"""Reading a dump and splitting it into posts at its `Ways to Share:` marker lines.

Input is read line by line, and no line or post may be longer than MAX_POST_CHARS, so a dump
of any size or shape (one huge post included) is split in bounded memory. A byte-order mark
names the encoding: UTF-8, UTF-16 and UTF-32 dumps (what Windows Notepad saves) import as is.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

MARKER = "ways to share:"
# The longest post the importer takes, in characters (about 500 printed pages): a longer one
# is refused with its line number rather than held in memory whole.
MAX_POST_CHARS = 1_000_000
# Encodings in which a newline is not the byte 0x0A; a byte-order mark may name them.
WIDE_ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
# Longest marks first: UTF-32-LE's starts with UTF-16-LE's.
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


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

    A byte-order mark overrides `encoding`. Refuses binary input, text that is not valid in
    the encoding, and lines longer than MAX_POST_CHARS, naming the line.
    """
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise DumpError(f"unknown encoding {encoding!r}") from None
    # Without a mark, utf-16 and utf-32 mean little-endian, as Windows writes them.
    unmarked = {"utf-8": "utf-8-sig", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}
    name_of_codec = _marked_encoding(stream) or unmarked.get(codec.name, codec.name)
    wide = name_of_codec in WIDE_ENCODINGS
    if not wide and "\n".encode(name_of_codec).removeprefix(codecs.BOM_UTF8) != b"\n":
        raise DumpError(
            f"encoding {encoding!r} is not supported; convert {name} to UTF-8, UTF-16 or UTF-32"
        )
    text = io.TextIOWrapper(stream, encoding=name_of_codec, newline=None)
    next_line = functools.partial(text.readline, MAX_POST_CHARS + 1)
    number, reported = 0, 0
    try:
        for number, line in enumerate(iter(next_line, ""), 1):
            if "\0" in line:
                hint = (
                    ""
                    if wide
                    else " (UTF-16 or UTF-32 text without a byte-order mark: name it with "
                    "--encoding utf-16 or --encoding utf-32)"
                )
                raise DumpError(
                    f"{name}: line {number} contains NUL bytes: this looks like a binary file, "
                    f"not a text dump{hint}"
                )
            if len(line) > MAX_POST_CHARS:
                raise DumpError(
                    f"{name}: line {number} is longer than {MAX_POST_CHARS:,} characters, the "
                    "limit for one post; split that post into smaller ones"
                )
            yield line[:-1] if line.endswith("\n") else line
            if progress is not None and number % 4096 == 0:
                position = _position(stream, reported)
                progress(position - reported)
                reported = position
        if progress is not None:
            # The lines since the last report: a bar ends at 100%.
            progress(_position(stream, reported) - reported)
    except UnicodeDecodeError:
        where = (None if wide else _invalid_line(stream, name_of_codec)) or (
            f"a line after line {number}"
        )
        raise DumpError(
            f"{name}: {where} is not valid {codec.name}. If the file uses another encoding, "
            f"name it with --encoding, e.g. --encoding {_likely_encoding(stream)}"
        ) from None
    finally:
        # The caller may close the file first when it stops early (a post over the limit).
        with contextlib.suppress(ValueError):
            text.detach()


def _position(stream: BinaryIO, fallback: int) -> int:
    """How far into the file reading is; a pipe (standard input) cannot say."""
    try:
        return stream.tell()
    except OSError:
        return fallback


def _marked_encoding(stream: BinaryIO) -> str | None:
    """The encoding a byte-order mark at the start of the stream names, if there is one."""
    if hasattr(stream, "peek"):
        start = stream.peek(4)[:4]
    elif stream.seekable():
        start = stream.read(4)
        stream.seek(0)
    else:
        return None
    for mark, encoding in BYTE_ORDER_MARKS:
        if start.startswith(mark):
            return encoding
    return None


def _likely_encoding(stream: BinaryIO) -> str:
    """An example for the message: NUL bytes near the start say UTF-16 without its mark."""
    if stream.seekable():
        stream.seek(0)
        if b"\0" in stream.read(256):
            return "utf-16 (or utf-32, utf-16-be)"
    return "cp1252"


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


def split(lines: Iterable[str], name: str = "the dump") -> Iterator[Chunk]:
    """Split lines into chunks, each closed by a marker line; trailing text is a last chunk.

    Joining every chunk's lines and marker with newlines gives the input back, so no text is
    lost. Trailing blank lines after the last marker are not a chunk. A chunk longer than
    MAX_POST_CHARS is refused as soon as it grows past the limit.
    """
    current, size, start = Chunk(), 0, 1
    for number, line in enumerate(lines, 1):
        if is_marker(line):
            current.marker = line
            yield current
            current, size, start = Chunk(), 0, number + 1
        else:
            current.lines.append(line)
            size += len(line) + 1
            if size > MAX_POST_CHARS:
                title = next((text.strip() for text in current.lines if text.strip()), "")
                raise DumpError(
                    f"{name}: the post that starts at line {start} ({title[:60]!r}) is longer "
                    f"than {MAX_POST_CHARS:,} characters, the limit for one post; split it "
                    "into smaller posts"
                )
    if current.lines and not current.blank:
        yield current
