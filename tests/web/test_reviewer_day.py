"""The reviewer's day in headless Chromium against a live server: the box on a skewed scan lies on its
word (measured from the screenshot's pixels), an agreement completed with the keyboard alone and the next
one reached, Enter held down confirming once, and a whole-table doubt shown, checked and gone from the
queue. Shared work, drafts, rows and batches are in test_shared_review.py."""

from __future__ import annotations

import io
import math
import uuid
from typing import Any

import numpy as np
import pytest
from PIL import Image

from models.document import Problem
from tests.web import pk_fixture as pk
from tests.web.conftest import SCREENSHOTS, LiveServer
from tests.web.scan_fixture import SKEW, seed_skewed_scan
from tests.web.test_review_page import current_path, field_from_api, open_review, signed_in

pytestmark = pytest.mark.browser


def viewer_pixels(page: Any) -> np.ndarray:
    shot = page.locator("#viewer-scroll").screenshot(animations="disabled")
    return np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)


def settled_scroll(page: Any) -> None:
    """The viewer scrolls smoothly to the box: wait until it stands still."""
    last = None
    for _ in range(40):
        now = page.evaluate("() => [document.getElementById('viewer-scroll').scrollTop, "
                            "document.getElementById('viewer-scroll').scrollLeft]")
        if now == last:
            return
        last = now
        page.wait_for_timeout(100)


def test_the_box_on_a_skewed_scan_lies_on_its_words(browser: Any, live_server: LiveServer) -> None:
    scan = seed_skewed_scan(live_server.services)
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, scan.agreement_id, "?field=organization")
    page.wait_for_selector("#highlight:not([hidden])")
    assert float(page.get_attribute("#highlight", "data-skew")) == SKEW
    settled_scroll(page)
    shown = viewer_pixels(page)
    page.evaluate("() => { document.getElementById('highlight').style.visibility = 'hidden'; }")
    bare = viewer_pixels(page)

    r, g, b = (bare[..., i] for i in range(3))
    blue = np.argwhere((b > 120) & (b - r > 60) & (b - g > 60))[:, ::-1].astype(float)  # (x, y)
    black = np.argwhere((r < 90) & (g < 90) & (b < 90))[:, ::-1].astype(float)
    r, g, b = (shown[..., i] for i in range(3))
    border = np.argwhere((abs(r - 245) < 40) & (abs(g - 158) < 45) & (b < 100))[:, ::-1].astype(np.float32)
    assert len(blue) > 200 and len(border) > 100, (len(blue), len(border))

    import cv2

    (cx, cy), (w, h), _angle = cv2.minAreaRect(border)
    corners = cv2.boxPoints(((cx, cy), (w, h), _angle))
    edges = [corners[(i + 1) % 4] - corners[i] for i in range(4)]
    long_edge = max(edges, key=lambda e: math.hypot(*e))
    turn = math.degrees(math.atan2(long_edge[1], long_edge[0]))
    turn = (turn + 90) % 180 - 90
    assert abs(turn - SKEW) < 0.6, turn  # the box is turned as the scan is

    theta = math.radians(turn)
    half_w, half_h = max(w, h) / 2, min(w, h) / 2

    def inside(points: np.ndarray) -> np.ndarray:
        dx, dy = points[:, 0] - cx, points[:, 1] - cy
        along = dx * math.cos(theta) + dy * math.sin(theta)
        across = -dx * math.sin(theta) + dy * math.cos(theta)
        return (abs(along) <= half_w) & (abs(across) <= half_h)

    assert inside(blue).mean() > 0.98, inside(blue).mean()  # the word's ink lies in the box
    assert inside(black).sum() < 0.02 * len(blue)  # the lines above and below do not
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { document.getElementById('highlight').style.visibility = ''; }")
    page.screenshot(path=str(SCREENSHOTS / "skewed-scan.png"), animations="disabled")
    context.close()


DOUBT = Problem(code="table_doubt", page=2, message="A table on this page may hold rows that were not "
                   "read, merged or split: its row numbers skip.")


def watch_errors(page: Any) -> list[str]:
    """Console errors and failed API calls of a page (a load must cause none)."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: seen.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    return seen


def test_an_agreement_is_completed_with_the_keyboard_alone(browser: Any, live_server: LiveServer) -> None:
    seeded = pk.seed_agreement(live_server.services, "Dinas Pertanian", uuid.uuid4().hex[:8],
                               problems=(DOUBT,))
    pk.seed_agreement(live_server.services, "Dinas Koperasi", uuid.uuid4().hex[:8])  # a next one
    context = signed_in(browser, live_server, "reviewer")
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/review/agreements/{seeded.agreement_id}")
    page.wait_for_selector("body[data-loaded]")
    assert errors == []
    flagged = pk.flagged_paths(seeded.result)
    assert current_path(page) == flagged[0]
    assert page.get_attribute("#field-conf-bar", "class") in ("low", "mid")  # flagged: never green
    assert page.is_visible(".legend")

    # Enter held down (the key repeating) confirms the field in front of the reviewer once, no more.
    page.keyboard.down("Enter")
    page.keyboard.down("Enter")
    page.keyboard.down("Enter")
    page.keyboard.up("Enter")
    page.wait_for_selector('#version-chip:text-is("Versi 2")')
    page.wait_for_timeout(300)
    assert field_from_api(live_server, seeded.agreement_id)["version"] == 2
    assert current_path(page) == flagged[1]
    assert page.get_attribute("#field-conf-bar", "class") in ("low", "mid")

    # Shift+Tab reaches the page's controls: zoom, page buttons, back to the queue.
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.id") == "zoom-in":
            break
    assert page.evaluate("() => document.activeElement.id") == "zoom-in"
    page.keyboard.press("Enter")
    assert page.inner_text("#zoom-label") == "125%"
    page.keyboard.press("?")
    assert page.is_visible("#keys-dialog")
    page.keyboard.press("Escape")
    assert not page.is_visible("#keys-dialog")
    page.keyboard.press("e")
    assert page.evaluate("() => document.activeElement.id") == "field-input"

    for step in range(len(flagged) - 1):
        page.keyboard.press("Enter")
        page.wait_for_selector(f'#version-chip:text-is("Versi {step + 3}")')
    # Fields done, the doubted table is next: its "checked" button has the focus.
    page.wait_for_function("() => document.activeElement.dataset.action === 'check'")
    page.keyboard.press("Enter")
    page.wait_for_selector('.notice[data-status="checked"]')
    page.wait_for_function("() => document.activeElement.id === 'next-agreement'")
    href = page.get_attribute("#next-agreement", "href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    page.wait_for_selector("body[data-loaded]")
    history = {(h["path"], h["action"]) for h in
               live_server.api("viewer").get(f"/agreements/{seeded.agreement_id}/history").json()["items"]}
    assert history == {*((path, "confirmed") for path in flagged), ("tables.table_doubt.2", "checked")}
    assert errors == []
    context.close()


def test_a_doubted_table_is_queued_shown_with_its_region_and_checked(browser: Any,
                                                                    live_server: LiveServer) -> None:
    seeded = pk.seed_agreement(live_server.services, "Dinas Pariwisata", uuid.uuid4().hex[:8],
                               problems=(DOUBT,))
    context = signed_in(browser, live_server, "reviewer")
    page = context.new_page()
    page.goto(f"{live_server.url}/review?organization=pariwisata")
    page.wait_for_selector("body[data-loaded]")
    first = page.locator("#uncertain-list li").first
    assert first.get_attribute("data-kind") == "table"
    assert "Seluruh tabel, halaman 2" in first.inner_text()
    assert "nomor barisnya melompat" in first.inner_text()
    first.locator("a").click()
    page.wait_for_selector("body[data-loaded]")
    notice = page.locator('.notice[data-key="tables.table_doubt.2"]')
    assert "Tabel di halaman 2 mungkin memuat baris" in notice.inner_text()
    page.wait_for_selector('#region:not([hidden])[data-page="2"]')
    assert page.evaluate("() => document.activeElement.dataset.action") == "check"
    page.screenshot(path=str(SCREENSHOTS / "table-doubt.png"), animations="disabled")

    notice.locator('[data-action="add"][data-table="performance_targets"]').click()
    new_cell = page.locator('.cell-input[data-path="performance_targets.3.objective"]')
    assert new_cell.evaluate("node => node === document.activeElement")
    page.keyboard.press("Escape")
    assert page.locator('.cell-input[data-path="performance_targets.3.objective"]').count() == 0

    notice.locator('[data-action="show"]').click()
    page.wait_for_selector('#region:not([hidden])')
    notice.locator('[data-action="check"]').click()
    page.wait_for_selector('.notice[data-status="checked"]')
    assert "Diperiksa oleh reviewer-test" in notice.inner_text()
    page.wait_for_selector('#history-table tr[data-action="checked"]')
    with live_server.api("viewer") as client:
        queue = client.get("/review-queue", params={"organization": "pariwisata"}).json()["items"]
    assert [item for item in queue if item["kind"] == "table"] == []

    page.goto(f"{live_server.url}/review/agreements/{seeded.agreement_id}?lang=en")
    page.wait_for_selector("body[data-loaded]")
    assert "The table on page 2 may hold rows" in page.inner_text(".notice")
    context.close()
