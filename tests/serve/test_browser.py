"""The dashboard in a real Chromium (Debian's, driven by Playwright): pages load without console errors,
and the story -> record -> dyad path works by clicking. Screenshots go to the test's tmp dir."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: install Debian's chromium "
                                                      "(apt-get install -y chromium) to run the browser tests"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db: Path, settings):
    import uvicorn

    from tidings.serve import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def sites(sample_db, empty_db, settings):
    started = [_serve(sample_db, settings), _serve(empty_db, settings)]
    yield {"sample": started[0][2], "empty": started[1][2]}
    for server, thread, _ in started:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.problems = []  # console errors, page errors and failed requests seen while it was open
    opened.on("console", lambda msg: opened.problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    opened.on("pageerror", lambda exc: opened.problems.append(f"page error: {exc}"))
    opened.on("requestfailed", lambda req: opened.problems.append(f"request failed: {req.url}"))
    yield opened
    context.close()


PAGES = ["/", "/story/s1", "/record/r3", "/dyad?a=JPN&b=RUS", "/search?q=diplomat", "/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_browser_pages_load_without_console_errors(page, sites, path, tmp_path):
    response = page.goto(sites["sample"] + path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() == 1
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    assert (tmp_path / "page.png").stat().st_size > 0
    assert page.problems == []


@pytest.mark.parametrize("path", ["/", "/dyad?a=JPN&b=RUS", "/search?q=anything"])
def test_browser_empty_store_pages_render(page, sites, path, tmp_path):
    response = page.goto(sites["empty"] + path)
    assert response is not None and response.status == 200
    page.screenshot(path=str(tmp_path / "empty.png"), full_page=True)
    assert page.problems == []


def test_browser_story_record_dyad_path_by_clicking(page, sites, tmp_path):
    page.goto(sites["sample"] + "/")
    page.get_by_role("link", name="Japan and Russia expel diplomats").click()
    page.wait_for_url("**/story/s1")
    assert page.locator("main h1").inner_text() == "Japan and Russia expel diplomats"
    assert page.locator("mark").count() >= 3
    page.screenshot(path=str(tmp_path / "1-story.png"), full_page=True)

    page.locator("a.record-link").filter(has_text="SANCTION / expel").last.click()
    page.wait_for_url("**/record/r3")
    assert page.locator(".told").count() == 2
    page.screenshot(path=str(tmp_path / "2-record.png"), full_page=True)

    page.locator("a.dyad-link").first.click()
    page.wait_for_url("**/dyad?a=JPN&b=RUS")
    assert page.locator("#dyad-title").inner_text() == "JPN – RUS"
    assert page.locator("svg.chart").count() == 2
    page.screenshot(path=str(tmp_path / "3-dyad.png"), full_page=True)

    page.fill("header input[name=q]", "consul")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=consul")
    assert page.locator("ul.hits li").count() >= 3
    page.screenshot(path=str(tmp_path / "4-search.png"), full_page=True)
    assert page.problems == []
