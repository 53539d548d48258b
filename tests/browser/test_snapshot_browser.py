"""The offline copy in Chromium: downloaded from the explorer, opened with every other request refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from incidents import load_dataset
from incidents.view_state import ViewState
from incidents.views.snapshot import build_snapshot
from tests.browser.support import ARTIFACTS, open_settled, wait_for, wait_until
from tests.support import TESTS_DIR

_LABEL = "Download this view for offline use (HTML)"
# What the file drew: country outlines and site markers with a size on screen, timeline bars, list rows.
_DRAWN = """() => {
  const size = selector => [...document.querySelectorAll(selector)]
    .filter(element => { const box = element.getBoundingClientRect(); return box.width > 0 && box.height > 0; }).length;
  return {borders: size('#map path.land'), markers: size('#map circle.mark'), bars: size('.timeline rect'),
          rows: document.querySelectorAll('table.list tbody tr').length,
          styled: getComputedStyle(document.querySelector('.panel')).overflowY};
}"""


def _download(browser: Any, app_url: str, query: str, folder: Path) -> tuple[Path, str]:
    """The offline copy as a reader gets it from the explorer, and the type the server sent it with."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = open_settled(context, f"{app_url}/{query}", "the explorer")
    types: list[str] = []
    page.on("response", lambda response: types.append(response.headers.get("content-type", "")))
    button = page.get_by_role("button", name=_LABEL)
    wait_for(button, "the offline-copy button")
    with page.expect_download(timeout=120_000) as started:
        button.click()
    download = started.value
    target = folder / download.suggested_filename
    download.save_as(target)
    context.close()
    return target, next((kind for kind in types if kind.startswith("text/html")), ", ".join(types))


def _open_offline(browser: Any, path: Path, width: int) -> tuple[Any, Any, list[str], list[str]]:
    """The file in a fresh page where every request but the file itself is refused, and recorded."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, is_mobile=width < 500, has_touch=width < 500
    )
    address = path.resolve().as_uri()
    refused: list[str] = []
    requested: list[str] = []

    def only_the_file(route: Any) -> None:
        if route.request.url == address:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(address)
    assert requested == [address] and not refused, f"the file asked for more than itself: {requested} {refused}"
    return context, page, problems, requested


def test_the_downloaded_view_works_with_the_network_off(browser: Any, app_url: str, tmp_path: Path) -> None:
    path, content_type = _download(browser, app_url, "?type=riot&type=escape&type=prison_attack", tmp_path)
    assert path.name.startswith("detention-atlas-view-") and path.suffix == ".html"
    assert content_type.startswith("text/html")
    context, page, problems, requested = _open_offline(browser, path, 1400)
    drawn = page.evaluate(_DRAWN)
    # Four events: the Ghwayran attack and riot share a site, so three markers; a bar and a row each.
    assert drawn["borders"] >= 5 and drawn["markers"] == 3 and drawn["bars"] == 4 and drawn["rows"] == 4
    assert drawn["styled"] == "auto", "the page's own style was refused"

    derik = page.locator('#map a[aria-label*="Riot at Derik prison"]')
    derik.click()
    card = page.locator("article.card:target")
    wait_for(card, "the card of the clicked map marker")
    assert card.get_by_role("heading", name="Riot at Derik prison").is_visible()
    assert card.get_by_role("link", name="First report").first.is_visible()
    wait_until(page, "the marker marked as chosen", "() => document.querySelector('#map a.chosen') !== null")

    # A point holding several events lists them; each opens its card.
    page.locator('#map a[aria-label*="2 events"]').click()
    site = page.locator("article.sitebox:target")
    wait_for(site, "the list of the events at the clicked site")
    assert site.get_by_role("link").count() == 2
    site.get_by_role("link", name="Riot at Ghwayran prison").click()
    wait_for(page.get_by_role("heading", name="Riot at Ghwayran prison"), "the card picked from the site's list")

    page.locator('.timeline a[aria-label*="IS attack on Ghwayran prison"]').click()
    wait_for(page.get_by_role("heading", name="IS attack on Ghwayran prison"), "the card of the clicked timeline bar")
    ghwayran = page.locator("article.card:target")
    assert ghwayran.get_by_text("Escaped: 800").first.is_visible()
    assert ghwayran.locator('a[href^="https://"]').count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-view-1400.png"), full_page=False)
    # The citation and the live link carry the explorer's own address with the view.
    assert f"{app_url}/?" in page.locator(".citation").inner_text()
    assert page.get_by_role("link", name=f"{app_url}/?", exact=False).get_attribute("href").startswith(f"{app_url}/?")
    assert problems == [] and requested == [path.resolve().as_uri()]
    context.close()

    context, phone, problems, _ = _open_offline(browser, path, 390)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400, f"the file scrolls sideways on a phone ({width}px)"
    phone.locator('.list a:has-text("Riot at Derik prison")').tap()
    card = phone.locator("article.card:target")
    wait_for(card, "the card of the tapped row, on a phone")
    assert card.get_by_role("heading", name="Riot at Derik prison").is_visible()
    phone.screenshot(path=str(ARTIFACTS / "offline-view-390.png"), full_page=True)
    assert problems == []
    context.close()


def test_hostile_text_in_the_file_runs_nothing(browser: Any, tmp_path: Path) -> None:
    dataset = load_dataset(TESTS_DIR / "data" / "hostile")
    path = tmp_path / "hostile.html"
    path.write_text(build_snapshot(dataset, dataset.events, ViewState(), "", dt.date(2026, 12, 3)), encoding="utf-8")
    context, page, problems, _ = _open_offline(browser, path, 1400)
    page.locator("table.list a").first.click()
    wait_for(page.locator("article.card:target"), "a hostile event's card")
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("article.card:target h3").inner_text().startswith("<script>")
    assert not [problem for problem in problems if "dialog" in problem]
    context.close()
