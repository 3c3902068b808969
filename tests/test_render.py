"""The one renderer of post bodies and the derived title, slug, excerpt and reading time."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from importer.derive import derive, excerpt_of, shorten
from importer.render import render


def html_of(text: str) -> str:
    return render(text.split("\n"))[0]


def test_every_line_is_a_paragraph():
    assert html_of("one\ntwo") == "<p>one</p>\n<p>two</p>"


def test_a_line_ending_in_white_space_runs_on_into_the_next():
    assert html_of("an independent writing\u00a0\nco-operative") == (
        "<p>an independent writing co-operative</p>"
    )


def test_consecutive_bullet_lines_form_a_list():
    assert html_of("  • one\n- two\n* three\nafter") == (
        "<ul><li>one</li><li>two</li><li>three</li></ul>\n<p>after</p>"
    )


def test_a_dash_without_space_is_not_a_bullet():
    assert html_of("-5 degrees") == "<p>-5 degrees</p>"


def test_urls_become_nofollow_links_without_trailing_punctuation():
    html = html_of("See https://example.org/a?b=1&c=2.")
    assert html == (
        '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">'
        "https://example.org/a?b=1&amp;c=2</a>.</p>"
    )


def test_only_http_urls_are_linked():
    html = html_of("javascript:alert(1) and data:text/html,<b>x</b>")
    assert "<a" not in html and "&lt;b&gt;" in html


def test_imported_markup_is_escaped():
    html = html_of("<script>alert('x')</script> & <b onclick=x>")
    assert "<script" not in html and "<b" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_a_heading_like_first_line_is_the_title_and_leaves_the_body():
    post = derive("My title\n\nBody text here.")
    assert post.title == "My title" and post.base_slug == "my-title"
    assert "My title" not in post.body_html


def test_a_list_item_first_line_becomes_the_title_and_stays_in_the_body():
    post = derive("• Over 35 organisations\n• Free refreshments")
    assert post.title == "Over 35 organisations"
    assert post.body_html.startswith("<ul><li>Over 35 organisations</li>")


def test_a_long_first_line_is_shortened_at_a_word_boundary_and_stays_in_the_body():
    line = "word " * 40
    post = derive(line.strip())
    assert post.title.endswith("…") and len(post.title) <= 120
    assert not post.title[:-1].endswith(" ")
    assert post.body_text.startswith("word word")


def test_title_white_space_is_collapsed():
    assert derive("  Many   spaces\there \nbody").title == "Many spaces here"


def test_slugs_are_ascii_and_at_most_80_characters():
    post = derive("Ünïcödé " + "verylongword " * 20)
    assert post.base_slug.isascii() and len(post.base_slug) <= 80
    assert not post.base_slug.endswith("-")


def test_excerpt_is_about_forty_words_and_reading_time_at_least_a_minute():
    assert excerpt_of("w " * 100).count("w") == 40
    assert excerpt_of("w " * 100).endswith("…")
    assert derive("T\nshort").reading_minutes == 1
    assert derive("T\n" + "word " * 1000).reading_minutes == 5


def test_shorten_keeps_short_text():
    assert shorten("short", 120) == "short"


class _WellFormed(HTMLParser):
    VOID = set()

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


@given(st.text(max_size=400))
def test_rendering_arbitrary_text_gives_well_formed_html_with_every_bracket_escaped(text):
    lines = text.replace("\r", "\n").split("\n")
    html, plain = render(lines)
    parser = _WellFormed()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    # Every tag in the output is one the renderer writes.
    import re

    tags = set(re.findall(r"</?([a-zA-Z]+)", html))
    assert tags <= {"p", "ul", "li", "a"}
    assert html.count("<") == len(re.findall(r"</?(?:p|ul|li|a)[ >]", html))
    assert "<" not in plain or "<" in text
