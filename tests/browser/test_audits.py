"""Audit tools that no one here wrote, run on every kind of page the site serves:

- axe-core (from the axe-playwright-python package) in Chromium: no WCAG 2.2 A/AA or
  best-practice violation, at phone and desktop width, in light and dark colour schemes;
- the Nu HTML Checker (vnu.jar from npm, on Debian's Java): no error but htmx's hx-* attributes;
- Lighthouse (from npm, driving Debian's Chromium): 100 for accessibility, best practices and
  SEO, at least 95 for performance, on the listing and a post page. A run that ends in one of
  Lighthouse's own transient trace errors is run again, a bounded number of times.

`make test` installs the npm tools into .venv/node. Without java or node the two command-line
audits skip on a laptop, with the reason; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, ROOT

pytestmark = pytest.mark.browser

NODE_MODULES = ROOT / ".venv" / "node" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"

# Every kind of HTML page: the listing (first and a later page), a post (with a content
# note), a post's share bar page, the most shared posts, search with and without results and
# with the helpline notice, reading choices, help, and an error page. Feeds and the sitemap
# are not HTML. (A noted post folded and unfolded: browser/test_care_browser.py.)
PAGES = [
    "/",
    "/?page=2",
    "/posts/what-is-peer-support",
    "/posts/what-is-peer-support/share",
    "/popular",
    "/search?q=gardening",
    "/search?q=zzzxqj",
    "/search?q=suicide",
    "/search",
    "/choices",
    "/help",
    "/no-such-page",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def require(condition: bool, reason: str):
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must have it (see .ci/run and the Makefile)")
    pytest.skip(f"{reason}; run `make test` with node, npm and java installed")


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_any_page(browser, server, width, scheme):
    w, h = WIDTHS[width]
    context = browser.new_context(
        base_url=server.base, viewport={"width": w, "height": h}, color_scheme=scheme
    )
    try:
        page = context.new_page()
        found = {}
        for url in PAGES:
            page.goto(url)
            page.wait_for_load_state("load")
            found[url] = axe_violations(page)
        # And the state a reader gets by typing in the header's box on a post.
        page.goto("/posts/what-is-peer-support")
        page.wait_for_function("() => window.htmx !== undefined")
        page.get_by_role("searchbox").press_sequentially("gard", delay=30)
        page.wait_for_url(re.compile(r"q=gard$"))
        page.locator("#search-results .entry").first.wait_for()
        found["typed search"] = axe_violations(page)
    finally:
        context.close()
    assert {url: v for url, v in found.items() if v} == {}


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        return error.read().decode()


def test_nu_html_checker_finds_no_error_but_htmx_attributes(server, tmp_path):
    java = shutil.which("java")
    require(java is not None, "java is not installed (apt-get install default-jre-headless)")
    require(VNU_JAR.exists(), f"{VNU_JAR.relative_to(ROOT)} is missing (npm package vnu-jar)")
    files = []
    for n, url in enumerate(PAGES):
        path = tmp_path / f"page-{n}.html"
        path.write_text(fetch(server.base + url), encoding="utf-8")
        files.append(path)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    names = {f"file:{p}": url for p, url in zip(files, PAGES, strict=True)}
    # htmx's own attributes are the one thing HTML does not define.
    htmx = re.compile(r"Attribute “hx-[a-z-]+” not allowed")
    errors = [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error") and not htmx.match(m["message"])
    ]
    assert errors == []
    # The checker read every page: each has the header's search box and its hx-get.
    seen = {m.get("url") for m in messages if htmx.match(m["message"])}
    assert seen == set(names), "the checker did not read every page"


LIGHTHOUSE_PAGES = {"listing": "/", "post": "/posts/what-is-peer-support"}
MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Lighthouse's own errors for a trace or a protocol exchange that went wrong in the browser
# ("Something went wrong with recording the trace over your page load. Please run Lighthouse
# again."): they say nothing of the page, and a second run scores it. Anything else fails.
TRANSIENT = {
    "NO_NAVSTART",
    "NO_FCP",
    "NO_TRACING_STARTED",
    "TRACING_ALREADY_STARTED",
    "NO_SPEEDLINE_FRAMES",
    "SPEEDINDEX_OF_ZERO",
    "NO_SCREENSHOTS",
    "INVALID_SPEEDLINE",
    "PROTOCOL_TIMEOUT",
    "PAGE_HUNG",
}
LIGHTHOUSE_TRIES = 3


def transient_error(report_path, output: str) -> str | None:
    """The code of a transient Lighthouse error in this run's report or output, if any."""
    codes = set(re.findall(r"\b[A-Z][A-Z_]{4,}\b", output))
    if report_path.exists():
        runtime_error = json.loads(report_path.read_text(encoding="utf-8")).get("runtimeError")
        if runtime_error:
            codes.add(runtime_error.get("code", ""))
    found = sorted(codes & TRANSIENT)
    return found[0] if found else None


def run_lighthouse(node: str, url: str, report, cwd) -> dict:
    """Lighthouse's report for `url`, run again (at most LIGHTHOUSE_TRIES times in all, and
    saying so) after a transient error of its own."""
    for attempt in range(1, LIGHTHOUSE_TRIES + 1):
        report.unlink(missing_ok=True)
        result = subprocess.run(
            [
                node,
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_FLAGS]),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=300,
        )
        code = transient_error(report, result.stdout + result.stderr)
        if code is None:
            assert result.returncode == 0, f"Lighthouse failed on {url}:\n{result.stderr}"
            return json.loads(report.read_text(encoding="utf-8"))
        print(f"Lighthouse run {attempt} of {LIGHTHOUSE_TRIES} on {url}: transient {code}")
    pytest.fail(f"Lighthouse reported a transient error on {url} {LIGHTHOUSE_TRIES} times: {code}")


@pytest.fixture(scope="module")
def lighthouse_scores(server, tmp_path_factory):
    node = shutil.which("node")
    require(node is not None, "node is not installed (apt-get install nodejs npm)")
    require(LIGHTHOUSE.exists(), f"{LIGHTHOUSE.relative_to(ROOT)} is missing (npm lighthouse)")
    folder = ARTIFACTS / "lighthouse"
    folder.mkdir(parents=True, exist_ok=True)
    scores = {}
    for name, url in LIGHTHOUSE_PAGES.items():
        cwd = tmp_path_factory.mktemp("lighthouse")
        lhr = run_lighthouse(node, server.base + url, folder / f"{name}.json", cwd)
        scores[name] = {key: round(c["score"] * 100) for key, c in lhr["categories"].items()}
    (folder / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return scores


def test_a_transient_lighthouse_error_is_told_apart_from_a_failure(tmp_path):
    """The retry above takes Lighthouse's trace errors, and nothing else, for transient."""
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"runtimeError": {"code": "NO_NAVSTART"}}), encoding="utf-8")
    assert transient_error(report, "") == "NO_NAVSTART"
    assert transient_error(tmp_path / "none.json", "Runtime error encountered: PAGE_HUNG") == (
        "PAGE_HUNG"
    )
    report.write_text(json.dumps({"runtimeError": {"code": "ERRORED_DOCUMENT_REQUEST"}}))
    assert transient_error(report, "Runtime error encountered: ERRORED_DOCUMENT_REQUEST") is None


@pytest.mark.parametrize("name", LIGHTHOUSE_PAGES)
def test_lighthouse_scores(lighthouse_scores, name):
    scores = lighthouse_scores[name]
    assert {k: scores[k] for k in MINIMUM if scores[k] < MINIMUM[k]} == {}, scores
