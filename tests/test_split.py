"""Splitting a dump at its marker lines, and reading its bytes."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.split import DumpError, is_marker, read_lines, split


def chunks_of(text: str):
    return list(split(text.split("\n")))


@pytest.mark.parametrize(
    "line", ["Ways to Share:", "ways to share:", "  WAYS TO SHARE:  ", "\tWays to Share:\u00a0"]
)
def test_marker_lines_are_recognised_whatever_their_case_and_surrounding_space(line):
    assert is_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "Here are some ways to share: email and print",
        "Ways to Share",
        "Ways to Share: now",
        "Ways  to Share:",
    ],
)
def test_sentences_containing_the_words_are_not_markers(line):
    assert not is_marker(line)


def test_each_marker_closes_the_post_above_it():
    chunks = chunks_of("A\nbody a\nWays to Share:\nB\nbody b\nWays to Share:\n")
    assert [c.lines for c in chunks if not c.blank] == [["A", "body a"], ["B", "body b"]]
    assert all(c.closed for c in chunks)


def test_text_after_the_last_marker_is_a_post_that_is_not_closed():
    chunks = chunks_of("A\nWays to Share:\nB\ncut short")
    assert chunks[-1].lines == ["B", "cut short"]
    assert not chunks[-1].closed


def test_blank_chunks_are_reported_as_blank_and_a_blank_tail_is_no_chunk():
    chunks = chunks_of("A\nWays to Share:\n\n  \nWays to Share:\n\n\n")
    assert [c.blank for c in chunks] == [False, True]


def test_crlf_cr_and_bom_are_normalised():
    data = "\ufeffOne\r\nTwo\rThree\nFour".encode()
    assert list(read_lines(io.BytesIO(data), "x.txt")) == ["One", "Two", "Three", "Four"]


def test_invalid_utf8_names_file_and_line_and_points_to_encoding_option():
    data = b"fine\nalso fine\ncaf\xe9\n"
    with pytest.raises(DumpError) as error:
        list(read_lines(io.BytesIO(data), "old.txt"))
    message = str(error.value)
    assert "old.txt" in message and "line 3" in message and "--encoding" in message


def test_another_encoding_can_be_named():
    data = "caf\u00e9\n".encode("cp1252")
    assert list(read_lines(io.BytesIO(data), "x.txt", "cp1252")) == ["caf\u00e9"]


def test_nul_bytes_are_refused_as_binary():
    with pytest.raises(DumpError, match="binary"):
        list(read_lines(io.BytesIO(b"text\nmore\x00\n"), "x.bin"))


def test_unknown_encoding_is_refused():
    with pytest.raises(DumpError, match="unknown encoding"):
        list(read_lines(io.BytesIO(b"x\n"), "x.txt", "no-such-codec"))


line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
)
dump_lines = st.lists(
    st.one_of(line_text, st.sampled_from(["Ways to Share:", " ways to share: ", ""])),
    max_size=60,
)


@given(dump_lines)
def test_splitting_loses_no_text(lines):
    chunks = list(split(lines))
    rebuilt = []
    for chunk in chunks:
        rebuilt.extend(chunk.lines)
        if chunk.marker is not None:
            rebuilt.append(chunk.marker)
    # Everything comes back in order; only a blank tail after the last marker may be dropped.
    assert rebuilt == lines[: len(rebuilt)]
    assert all(not line.strip() for line in lines[len(rebuilt) :])
    assert not any(is_marker(line) for chunk in chunks for line in chunk.lines)


@given(st.text(max_size=300))
def test_reading_any_utf8_text_never_fails_and_keeps_every_character(text):
    text = text.replace("\x00", "")
    lines = list(read_lines(io.BytesIO(text.encode()), "x.txt"))
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    if normalised.startswith("\ufeff"):
        normalised = normalised[1:]
    assert "\n".join(lines) == normalised.removesuffix("\n") or "\n".join(lines) == normalised
