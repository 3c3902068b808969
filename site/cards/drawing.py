"""Share cards: the 1200x630 PNG a shared link shows, drawn with Pillow in the site's colours
and in Noto Sans (from the fontpkg-noto-sans package, so no system font is assumed).

A post's card sets its title large, wrapped at words and shortened with an ellipsis when it
does not fit, above the site's name; the site's card sets the name and the tagline. A title
with a character the font has no glyph for would show empty boxes, so its card shows the
site's name alone. A card is known by a digest of everything it shows and of the drawing (this
module, the font, the colours), so its URL changes exactly when its picture does.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import fontpkg_noto_sans
from fontTools.ttLib import TTFont
from PIL import Image, ImageColor, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONT = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "site.css"
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
# Title sizes, largest first, each with the lines it may take; at the last, a title that
# still does not fit is shortened.
TITLE_SIZES = ((84, 3), (72, 4), (60, 5))
LINE_HEIGHT = 1.2
ELLIPSIS = "…"
# Shades between the background and each colour, for anti-aliased edges.
EDGE_STEPS = 15
# Characters that draw nothing and need no glyph: joiners, marks of direction, variation
# selectors (an emoji's, say); they are left out before the font is asked.
INVISIBLE = {"Cf"}
VARIATION_SELECTORS = range(0xFE00, 0xFE10)


@dataclass(frozen=True)
class Colours:
    bg: str
    fg: str
    muted: str
    accent: str
    line: str


@cache
def colours() -> Colours:
    """The light scheme's colours, read from the stylesheet's first `:root` rule, so the card
    and the pages never disagree."""
    root = re.search(r":root\s*\{([^}]*)\}", STYLESHEET.read_text(encoding="utf-8"))
    found = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\b", root.group(1) if root else ""))
    return Colours(*(found[name] for name in ("bg", "fg", "muted", "accent", "line")))


@cache
def covered() -> frozenset[int]:
    """The code points the font maps to a real glyph (Pillow draws any other as an empty box,
    and says nothing): read from its character map by fontTools."""
    cmap = TTFont(FONT, lazy=True).getBestCmap()
    return frozenset(code for code, glyph in cmap.items() if glyph != ".notdef")


def drawable(text: str) -> str | None:
    """`text` as the card would draw it (NFC, invisible characters left out), or None when
    the font lacks a glyph for one of its characters."""
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if unicodedata.category(ch) not in INVISIBLE and ord(ch) not in VARIATION_SELECTORS
    )
    text = " ".join(text.split())
    glyphs = covered()
    return text if text and all(ord(ch) in glyphs for ch in text) else None


@cache
def _drawing_id() -> str:
    """What a card's pixels come from besides its text: this module, the font, the colours."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(version("fontpkg-noto-sans").encode())
    digest.update(repr(colours()).encode())
    return digest.hexdigest()


def card_digest(*texts: str | None) -> str:
    """The digest of a card showing `texts` (None: a part left out)."""
    digest = hashlib.sha256(_drawing_id().encode())
    for text in texts:
        digest.update(b"\0" + (text or "").encode())
    return digest.hexdigest()[:16]


# FreeType faces are not safe to share between threads: drawing takes this lock, and fonts
# are made under it.
_LOCK = threading.Lock()


@cache
def _font(size: int, weight: str) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(FONT), size)
    font.set_variation_by_name(weight)
    return font


def _break_word(word: str, font, width: int) -> list[str]:
    """A word wider than the line, cut between characters (never inside one: a combining mark
    stays with the letter before it) into pieces that fit."""
    pieces, piece = [], ""
    for ch in word:
        if piece and not unicodedata.combining(ch) and font.getlength(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece]


def wrap(text: str, font, width: int) -> list[str]:
    """`text` in lines that fit `width`, broken at spaces (and inside a word only where one
    word is wider than a line)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        *full, line = _break_word(word, font, width)
        lines.extend(full)
    return [*lines, line]


def shorten(line: str, font, width: int) -> str:
    """`line` with an ellipsis, dropping whole words (or, for a single word, characters) until
    both fit."""
    while line and font.getlength(line + ELLIPSIS) > width:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
        while line and unicodedata.combining(line[-1]):
            line = line[:-1]
    return line.rstrip(" ,;:.–—-") + ELLIPSIS


def fit_title(title: str) -> tuple[int, list[str]]:
    """The largest title size at which `title` fits its lines, and the lines; at the smallest
    size a longer title is cut to the lines allowed, the last one ending in an ellipsis."""
    for size, most in TITLE_SIZES:
        font = _font(size, "Bold")
        lines = wrap(title, font, TEXT_WIDTH)
        if len(lines) <= most:
            return size, lines
    lines[most - 1] = shorten(lines[most - 1], font, TEXT_WIDTH)
    return size, lines[:most]


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    scheme = colours()
    image = Image.new("RGB", (WIDTH, HEIGHT), scheme.bg)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 15), fill=scheme.accent)
    return image, draw


@cache
def _palette() -> Image.Image:
    """The card's colours exactly, and the steps of an anti-aliased edge between the
    background and each colour drawn on it (nothing is drawn on anything but the background)."""
    scheme = colours()
    background = ImageColor.getrgb(scheme.bg)
    entries = [background]
    for ink in (scheme.fg, scheme.muted, scheme.accent, scheme.line):
        rgb = ImageColor.getrgb(ink)
        entries += [
            tuple(
                round(b + (i - b) * step / EDGE_STEPS) for b, i in zip(background, rgb, strict=True)
            )
            for step in range(1, EDGE_STEPS + 1)
        ]
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for entry in entries for value in entry])
    return palette


def _encode_png(image: Image.Image) -> bytes:
    # A palette image: less than half the bytes of full colour, the same to the eye.
    buffer = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(buffer, "PNG")
    return buffer.getvalue()


def _lines(draw, lines: list[str], size: int, weight: str, fill: str, baseline: float) -> float:
    """Draw `lines` with the first baseline at `baseline`; the baseline after the last."""
    font = _font(size, weight)
    for line in lines:
        draw.text((MARGIN, baseline), line, font=font, fill=fill, anchor="ls")
        baseline += size * LINE_HEIGHT
    return baseline


def draw_post_card(title: str | None, site_name: str) -> bytes:
    """A post's card: its title (a `drawable` one; None gives the site's name alone) above
    a rule and the site's name."""
    if title is None:
        return draw_site_card(site_name, None)
    scheme = colours()
    with _LOCK:
        image, draw = _canvas()
        size, lines = fit_title(title)
        # The title block centred in the space above the rule (y 15 to 470).
        block = size * LINE_HEIGHT * (len(lines) - 1) + size * 0.75
        _lines(draw, lines, size, "Bold", scheme.fg, 15 + (455 - block) / 2 + size * 0.75)
        draw.rectangle((MARGIN, 490, WIDTH - MARGIN, 493), fill=scheme.line)
        name = drawable(site_name) or ""
        _lines(draw, wrap(name, _font(44, "Bold"), TEXT_WIDTH)[:1], 44, "Bold", scheme.accent, 565)
        return _encode_png(image)


def draw_site_card(site_name: str, tagline: str | None) -> bytes:
    """The site's card: its name large, and its tagline (a `drawable` one) below."""
    scheme = colours()
    with _LOCK:
        image, draw = _canvas()
        name = wrap(drawable(site_name) or "", _font(96, "Bold"), TEXT_WIDTH)[:2]
        rest = wrap(tagline, _font(44, "Regular"), TEXT_WIDTH)[:2] if tagline else []
        block = 96 * LINE_HEIGHT * len(name) + 44 * LINE_HEIGHT * len(rest)
        baseline = 15 + (615 - block) / 2 + 96 * 0.9
        baseline = _lines(draw, name, 96, "Bold", scheme.fg, baseline)
        _lines(draw, rest, 44, "Regular", scheme.muted, baseline - 96 * 0.2 + 24)
        return _encode_png(image)
