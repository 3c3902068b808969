"""The one renderer of post bodies: plain text in, safe HTML and plain text out.

Every imported character is escaped. Each line is a paragraph, except that a line ending in
white space runs on into the next (a soft wrap); consecutive bullet lines form a list; http(s)
URLs become links.
"""

from __future__ import annotations

import re

from markupsafe import escape

# The version of these rules (and of the excerpt and reading time derived from what they
# give). Raise it with any change that alters a post's HTML: each stored post records the
# version that rendered it, and posts of older versions are rendered again by the next import
# or `flask posts render --outdated`.
RULES_VERSION = 1

BULLET = re.compile(r"^\s*(?:[•◦▪‣●]|[-*](?=\s))\s*")
URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_BULLET_STARTS = frozenset("•◦▪‣●-*")
_TRAILING_PUNCTUATION = ".,;:!?'\"»”’]}>"


def bullet_text(line: str) -> str | None:
    """The text of a bullet line without its bullet, or None when the line is no list item."""
    match = BULLET.match(line)
    return line[match.end() :] if match else None


def _split_url(candidate: str) -> tuple[str, str]:
    """Separate trailing punctuation (and unbalanced closing brackets) from a URL."""
    url, tail = candidate, ""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION or (last == ")" and url.count("(") < url.count(")")):
            url, tail = url[:-1], last + tail
        else:
            break
    return url, tail


def linkify(text: str) -> str:
    """Escape text, turning http(s) URLs into nofollow links."""
    if "://" not in text:
        return str(escape(text))
    out, last = [], 0
    for match in URL.finditer(text):
        url, tail = _split_url(match.group(0))
        if len(url) <= len("https://"):
            continue
        out.append(str(escape(text[last : match.start()])))
        safe = str(escape(url))
        out.append(f'<a href="{safe}" rel="nofollow noopener">{safe}</a>')
        out.append(str(escape(tail)))
        last = match.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Group lines into ("p", [text]) and ("ul", [item, ...]) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    runs_on = False  # the previous line ended in white space
    for line in lines:
        if not line or line.isspace():
            runs_on = False
            continue
        item = bullet_text(line) if line.lstrip()[:1] in _BULLET_STARTS else None
        # Runs of white space inside a line need no collapsing: HTML collapses them.
        text = (item if item is not None else line).strip()
        if runs_on and blocks:
            kind, parts = blocks[-1]
            parts[-1] = f"{parts[-1]} {text}"
        elif item is not None:
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(text)
            else:
                blocks.append(("ul", [text]))
        else:
            blocks.append(("p", [text]))
        runs_on = line[-1].isspace()
    return blocks


def render(lines: list[str]) -> tuple[str, str]:
    """Return (html, plain_text) for the body lines of a post."""
    blocks = _blocks(lines)
    # No part holds a line end: without links, one call escapes them all.
    joined = "\n".join(part for _, parts in blocks for part in parts)
    if "://" in joined:
        shown = iter([linkify(part) for _, parts in blocks for part in parts])
    else:
        shown = iter(str(escape(joined)).split("\n"))
    html, plain = [], []
    for kind, parts in blocks:
        if kind == "p":
            html.append(f"<p>{next(shown)}</p>")
            plain.append(parts[0])
        else:
            items = "".join(f"<li>{next(shown)}</li>" for _ in parts)
            html.append(f"<ul>{items}</ul>")
            plain.append("\n".join(f"• {part}" for part in parts))
    return "\n".join(html), "\n\n".join(plain)
