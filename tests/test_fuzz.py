"""A request fuzzer: generated paths, query strings, headers (HX-* included) and form bodies
against every route. Never a 500, never a traceback; redirects only to share hosts."""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from community_site.sharing.networks import NETWORKS, share_hosts, valid_instance

# Requests a run sends: make test-fast sends fewer.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2500"))
SLUGS = ["what-is-peer-support", "enteroviral-infection-in-me-cfs", "nope", ""]
# Every route of the site (test_every_route_is_fuzzed checks), then any other path.
ROUTES = [
    "/",
    "/posts/{slug}",
    "/posts/{slug}/share",
    "/posts/{slug}/share/{network}",
    "/posts/{slug}/card-{text}.png",
    "/card-{text}.png",
    "/popular",
    "/search",
    "/feed.xml",
    "/sitemap.xml",
    "/sitemap-{text}.xml",
    "/robots.txt",
    "/healthz",
    "/static/{text}/site.css",
    "/favicon.ico",
    "/{text}",
]
header_text = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=255, blacklist_characters="\x7f"),
    max_size=60,
)
any_text = st.text(max_size=40)


def test_every_route_is_fuzzed(app):
    adapter = app.url_map.bind("localhost")
    fuzzed = set()
    for template in ROUTES:
        path = template.format(slug="a-post", network="email", text="1")
        for method in ("GET", "POST"):
            try:
                fuzzed.add(adapter.match(path, method=method)[0])
            except HTTPException:  # a 404 or 405: not this method
                pass
    assert fuzzed == {rule.endpoint for rule in app.url_map.iter_rules()}


@st.composite
def requests(draw):
    template = draw(st.sampled_from(ROUTES))
    path = template.format(
        slug=draw(st.sampled_from(SLUGS) | any_text.map(lambda t: quote(t, safe=""))),
        network=draw(st.sampled_from([*NETWORKS, "myspace", ""])),
        text=quote(draw(any_text), safe=""),
    )
    query = draw(
        st.dictionaries(
            st.sampled_from(["page", "q", "x", "page[]"]),
            any_text | st.integers(-5, 10**12).map(str),
            max_size=3,
        )
    )
    headers = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "HX-Request",
                    "HX-Boosted",
                    "HX-History-Restore-Request",
                    "HX-Prompt",
                    "HX-Target",
                    "HX-Current-URL",
                    "If-None-Match",
                    "Origin",
                    "X-Forwarded-For",
                    "User-Agent",
                    "Accept",
                    "Content-Type",
                    "Sec-Fetch-Site",
                ]
            ),
            st.sampled_from(["true", "false", "", "*", "null"]) | header_text,
            max_size=5,
        )
    )
    method = draw(st.sampled_from(["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"]))
    form = draw(st.dictionaries(st.sampled_from(["instance", "q", "x"]), any_text, max_size=2))
    return method, path, query, headers, form


@pytest.fixture
def fuzz_client(app, imported):
    app.config["PROPAGATE_EXCEPTIONS"] = True  # a crash fails the test loudly
    return app.test_client()


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(requests())
def test_no_request_gets_a_500_or_a_traceback(fuzz_client, request_parts):
    method, path, query, headers, form = request_parts
    response = fuzz_client.open(
        path,
        method=method,
        query_string=query,
        headers=headers,
        data=form if method == "POST" else None,
    )
    assert response.status_code < 500, (method, path, query, headers, form)
    assert b"Traceback" not in response.data
    location = response.headers.get("Location")
    if location:
        assert "\r" not in location and "\n" not in location
        host = urlsplit(location).netloc
        instance = valid_instance(headers.get("HX-Prompt") or form.get("instance", "")) or ""
        assert location.startswith(("mailto:", "/")) or host in (
            share_hosts() | {"localhost", "peer.example", instance}
        ), location
    if "HX-Redirect" in response.headers:
        target = urlsplit(response.headers["HX-Redirect"])
        assert target.scheme == "https" and target.netloc == valid_instance(
            headers.get("HX-Prompt") or form.get("instance", "")
        )


@settings(
    max_examples=FUZZ_EXAMPLES * 2 // 5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=80) | st.from_regex(r"[a-zA-Z0-9.-]{1,30}\.[a-z]{2,6}", fullmatch=True))
def test_mastodon_redirects_only_to_the_validated_instance(app, fuzz_client, answer):
    app.extensions["share_limiter"].limit = 0
    form_response = fuzz_client.post(
        "/posts/what-is-peer-support/share/mastodon",
        data={"instance": answer},
    )
    instance = valid_instance(answer)
    if instance is None:
        assert form_response.status_code == 422
        assert "Location" not in form_response.headers
    else:
        assert form_response.status_code == 303
        target = urlsplit(form_response.headers["Location"])
        assert (target.scheme, target.netloc, target.path) == ("https", instance, "/share")
