"""Share cards: every page a link to it is shared from names a 1200x630 picture made for it,
drawn once and served as a static file would be."""

from __future__ import annotations

import io
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from community_site import create_app
from community_site.cards import drawing as cards
from tests.support import REAL_POSTS, make_dump

BASE = "https://peer.example"
GREEK = "Ποιος είναι ο ρόλος της ομότιμης υποστήριξης;"
CYRILLIC = "Что такое взаимная поддержка — и зачем она нужна?"
PUNCTUATION = "A reader’s “first” meeting – and what came after…"
CJK = "同伴支持是什么"


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    assert found, f"no {name} in the page"
    return found.group(1)


def card_of(client, page: str) -> str:
    """The path of the card the page at `page` names, checked to be absolute on BASE_URL."""
    url = meta(client.get(page).text, "og:image")
    assert url.startswith(BASE + "/")
    return url.removeprefix(BASE)


def picture(response) -> Image.Image:
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG"
    return image.convert("RGB")


def same(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a, b).getbbox() is None


@pytest.fixture
def draws(monkeypatch):
    """How many cards were drawn (post and site cards alike)."""
    drawn = []
    for name in ("draw_post_card", "draw_site_card"):
        original = getattr(cards, name)

        def counted(*args, _original=original):
            drawn.append(args)
            return _original(*args)

        monkeypatch.setattr(cards, name, counted)
    return drawn


def test_every_post_page_names_its_own_1200_by_630_card(client, imported):
    pictures = {}
    for title, slug in REAL_POSTS:
        html = client.get(f"/posts/{slug}").text
        assert meta(html, "og:image:width") == "1200"
        assert meta(html, "og:image:height") == "630"
        assert meta(html, "og:image:type") == "image/png"
        assert meta(html, "og:image:alt") == f"{title} · Peer Voices"
        assert meta(html, "twitter:card") == "summary_large_image"
        image = picture(client.get(card_of(client, f"/posts/{slug}")))
        assert image.size == (1200, 630)
        pictures[slug] = image
    first, *others = pictures.values()
    assert not any(same(first, other) for other in others)
    # In the site's colours: its page background and its accent, from site.css.
    colours = {colour for _, colour in first.getcolors(1200 * 630)}
    assert (253, 252, 249) in colours and (11, 92, 173) in colours


def test_the_listing_and_most_shared_name_the_site_card(client, imported):
    listing, popular = card_of(client, "/"), card_of(client, "/popular")
    assert listing == popular == card_of(client, "/?page=1")
    assert re.fullmatch(r"/card-[0-9a-f]{16}\.png", listing)
    image = picture(client.get(listing))
    assert image.size == (1200, 630)
    post = picture(client.get(card_of(client, "/posts/what-is-peer-support")))
    assert not same(image, post)
    html = client.get("/").text
    assert meta(html, "og:image:alt").startswith("Peer Voices")
    assert meta(html, "twitter:card") == "summary_large_image"


def test_a_card_is_kept_for_a_year_and_a_second_fetch_is_a_304(client, imported, draws):
    path = card_of(client, "/posts/what-is-peer-support")
    first = client.get(path)
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    tag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path).data == first.data
    assert len(draws) == 1


def test_a_card_is_drawn_once_ever_even_across_a_restart(app, client, imported, draws):
    paths = [card_of(client, f"/posts/{slug}") for _, slug in REAL_POSTS] + [card_of(client, "/")]
    bodies = [client.get(path).data for path in paths]
    assert len(draws) == len(paths)
    # A new process on the same instance folder (and a cold page cache) draws nothing.
    again = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": app.instance_path,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "BASE_URL": BASE,
        }
    ).test_client()
    assert [again.get(path).data for path in paths] == bodies
    assert len(draws) == len(paths)


def test_a_hidden_posts_card_is_gone_like_its_page(client, imported, run_posts):
    path = card_of(client, "/posts/enteroviral-infection-in-me-cfs")
    assert client.get(path).status_code == 200
    run_posts("hide", "enteroviral-infection-in-me-cfs")
    assert client.get(path).status_code == 410
    run_posts("show", "enteroviral-infection-in-me-cfs")
    assert client.get(path).status_code == 200


def test_a_changed_title_gives_a_new_card_at_a_new_address(client, run_import, write_dump):
    # Same slug (pacing-a-primer), so the same post, updated in place with its new title.
    run_import(write_dump(make_dump([("Pacing: a primer", "Energy envelopes.")])))
    old = card_of(client, "/posts/pacing-a-primer")
    old_picture = picture(client.get(old))
    run_import(write_dump(make_dump([("Pacing — a primer", "Energy envelopes.")])))
    new = card_of(client, "/posts/pacing-a-primer")
    assert new != old
    assert not same(picture(client.get(new)), old_picture)
    assert client.get(old).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/posts/no-such-post/card-0123456789abcdef.png",
        "/posts/what-is-peer-support/card-0123456789abcdef.png",
        "/posts/what-is-peer-support/card-.png",
        "/card-0123456789abcdef.png",
    ],
)
def test_a_card_address_that_names_no_card_is_a_404(client, imported, path):
    assert client.get(path).status_code == 404


def boxes(text: str, size: int = 60) -> list[str]:
    """The characters of `text` the font draws as its empty box (.notdef), told by Pillow's
    own rendering rather than by the card module's reading of the font."""
    font = ImageFont.truetype(str(cards.FONT), size)

    def drawn(ch: str) -> bytes:
        image = Image.new("L", (2 * size, 2 * size))
        ImageDraw.Draw(image).text((size // 2, size // 2), ch, font=font, fill=255)
        return image.tobytes()

    notdef = drawn("\ue000")  # private use: no font has a glyph there
    return [ch for ch in set(text) if not ch.isspace() and drawn(ch) == notdef]


@pytest.mark.parametrize("title", [GREEK, CYRILLIC, PUNCTUATION])
def test_greek_cyrillic_and_typographic_punctuation_draw_without_boxes(
    client, run_import, write_dump, title
):
    assert boxes(title) == []
    assert cards.drawable(title) == title
    run_import(write_dump(make_dump([(title, "Text of the post.")])))
    listing = client.get("/").text
    slug = re.search(r'class="entry__title"><a href="/posts/([^"]+)"', listing).group(1)
    html = client.get(f"/posts/{slug}").text
    assert meta(html, "og:image:alt") == f"{title} · Peer Voices"
    image = picture(client.get(card_of(client, f"/posts/{slug}")))
    assert not same(
        image, Image.open(io.BytesIO(cards.draw_post_card(None, "Peer Voices"))).convert("RGB")
    )


def test_a_title_the_font_cannot_draw_gives_the_site_name_alone(client, run_import, write_dump):
    assert boxes(CJK) != []  # the font has no Chinese: drawn, it would be boxes
    assert cards.drawable(CJK) is None
    run_import(write_dump(make_dump([(CJK, "Text of the post.")])))
    slug = re.search(r'href="/posts/([^"#]+)"', client.get("/").text).group(1)
    html = client.get(f"/posts/{slug}").text
    assert meta(html, "og:image:alt") == "Peer Voices"
    image = picture(client.get(card_of(client, f"/posts/{slug}")))
    assert image.size == (1200, 630)
    alone = Image.open(io.BytesIO(cards.draw_post_card(None, "Peer Voices"))).convert("RGB")
    assert same(image, alone)


def test_invisible_characters_need_no_glyph():
    # A zero-width joiner and an emoji's variation selector draw nothing: not a reason to
    # drop the title.
    assert cards.drawable("Peer\u200d support\ufe0f  day") == "Peer support day"
    assert cards.drawable("Cafe\u0301") == "Café"


def test_a_long_title_is_shortened_at_a_word_with_an_ellipsis():
    title = " ".join(["Community"] * 40)
    size, lines = cards.fit_title(title)
    most = dict(cards.TITLE_SIZES)[size]
    assert size == cards.TITLE_SIZES[-1][0] and len(lines) == most
    # Whole words only, and the ellipsis after the last one that fits.
    assert set(" ".join(lines).removesuffix("…").split(" ")) == {"Community"}
    assert lines[-1].endswith("Community…")
    font = ImageFont.truetype(str(cards.FONT), size)
    font.set_variation_by_name("Bold")
    assert all(font.getlength(line) <= cards.TEXT_WIDTH for line in lines)


def test_a_word_wider_than_the_card_is_broken_between_characters():
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    size, lines = cards.fit_title(word)
    assert "".join(lines) == word
    assert len(lines) > 1


def test_readers_asking_at_once_for_a_new_card_cost_one_drawing(app, imported, draws):
    path = card_of(app.test_client(), "/posts/what-is-peer-support")
    start = threading.Barrier(8)

    def fetch():
        client = app.test_client()
        start.wait()
        return client.get(path).data

    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda _: fetch(), range(8)))
    assert len(set(bodies)) == 1 and bodies[0].startswith(b"\x89PNG")
    assert len(draws) == 1
