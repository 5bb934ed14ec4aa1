"""End to end in headless Chromium against a live server: queue, highlight, keyboard corrections,
reload, the 409 path with two reviewers, a read-only viewer, and a rejected value explained."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from api.storage.tables import DocumentRow
from tests.web import pk_fixture as pk
from tests.web.conftest import SCREENSHOTS, LiveServer
from tests.web.pk_fixture import BAD_NIP, GOOD_NIP, PAGE_H, PAGE_W, Seeded

pytestmark = pytest.mark.browser
VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture
def seeded(live_server: LiveServer) -> Seeded:
    return pk.seed_agreement(live_server.services, "Dinas Kesehatan", uuid.uuid4().hex[:8])


def signed_in(browser: Any, live_server: LiveServer, role: str) -> Any:
    """A browser context whose session already holds the role's token (the login test covers the form)."""
    context = browser.new_context(viewport=VIEWPORT)
    token = json.dumps(live_server.tokens[role])
    context.add_init_script(f"window.sessionStorage.setItem('pk_token', {token});")
    return context


def open_review(context: Any, live_server: LiveServer, agreement_id: int, query: str = "") -> Any:
    page = context.new_page()
    page.goto(f"{live_server.url}/review/agreements/{agreement_id}{query}")
    page.wait_for_selector("body[data-loaded]")
    return page


def current_path(page: Any) -> str:
    return page.get_attribute("#field-card", "data-path")


def arrow_to(page: Any, path: str, key: str, seen: list[str] | None = None) -> None:
    for _ in range(20):
        if current_path(page) == path:
            return
        page.keyboard.press(key)
        if seen is not None:
            seen.append(current_path(page))
    raise AssertionError(f"{key} never reached {path}; stopped at {current_path(page)}")


def field_from_api(live_server: LiveServer, agreement_id: int) -> dict[str, Any]:
    with live_server.api("viewer") as client:
        response = client.get(f"/agreements/{agreement_id}")
        assert response.status_code == 200
        return response.json()


def highlight_matches_bbox(page: Any, bbox: tuple[float, float, float, float]) -> None:
    image, box = page.evaluate("""() => ["#page-image", "#highlight"].map((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return {x: r.x, y: r.y, width: r.width, height: r.height};
    })""")
    x0, top, x1, bottom = bbox
    pad = 2
    assert abs((box["x"] - image["x"]) / image["width"] - (x0 - pad) / PAGE_W) < 0.01
    assert abs((box["y"] - image["y"]) / image["height"] - (top - pad) / PAGE_H) < 0.01
    assert abs(box["width"] / image["width"] - (x1 - x0 + 2 * pad) / PAGE_W) < 0.01
    assert abs(box["height"] / image["height"] - (bottom - top + 2 * pad) / PAGE_H) < 0.01


def populate_queue(live_server: LiveServer) -> None:
    """A batch as a reviewer meets it: agreements partly reviewed (through the API), one file failed,
    one still queued."""
    tag = uuid.uuid4().hex[:6]
    confirmed_counts = {"Badan Perencanaan Pembangunan Daerah": 2, "Dinas Pekerjaan Umum": 4,
                        "Inspektorat": 0}
    with live_server.api("reviewer") as client:
        for organization, count in confirmed_counts.items():
            other = pk.seed_agreement(live_server.services, organization, tag)
            paths = pk.flagged_paths(other.result)[:count]
            response = client.patch(f"/agreements/{other.agreement_id}", headers={"If-Match": '"1"'},
                                    json={"changes": [], "confirmations": paths})
            assert response.status_code == 200
    pk.fail_upload(live_server.services, tag)
    pk.queue_upload(live_server.services, tag)


def test_reviewer_corrects_nip_and_confirms_name_with_the_keyboard(browser: Any, live_server: LiveServer,
                                                                   seeded: Seeded) -> None:
    populate_queue(live_server)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{live_server.url}/review")
    page.wait_for_url("**/login?next=*")
    page.fill("#token", "pk_not-a-token")
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#login-message.error")
    assert "Token tidak dikenal" in page.inner_text("#login-message")
    page.fill("#token", live_server.tokens["reviewer"])
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/review")
    page.wait_for_selector("body[data-loaded]")

    row = page.locator(f'#agreements-table tr[data-agreement-id="{seeded.agreement_id}"]')
    assert row.locator(".count-badge").inner_text() == str(len(pk.flagged_paths(seeded.result)))
    assert page.locator('#documents-list li[data-status="queued"]').count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "queue.png"), animations="disabled")

    row.get_by_role("link").click()
    page.wait_for_url(f"**/review/agreements/{seeded.agreement_id}")
    page.wait_for_selector("body[data-loaded]")
    flagged = pk.flagged_paths(seeded.result)
    assert current_path(page) == flagged[0]

    stops: list[str] = []
    arrow_to(page, "first_party.nip", "ArrowDown", stops)
    assert set(stops) <= set(flagged), "ArrowDown must stop only on uncertain fields"
    assert page.get_attribute("#page-image", "data-page") == "1"
    assert page.is_visible("#highlight")
    assert page.get_attribute("#highlight", "data-page") == "1"
    highlight_matches_bbox(page, seeded.drawing.boxes["first_party.nip"][1])
    assert "NIP tidak valid: tanggal lahir tidak mungkin" in page.inner_text("#field-reasons")
    assert page.input_value("#field-input") == BAD_NIP
    assert page.inner_text("#nip-breakdown .nip-part.bad").endswith("1975-13-23")
    page.wait_for_timeout(400)
    page.screenshot(path=str(SCREENSHOTS / "review.png"), animations="disabled")

    page.keyboard.press("Shift+ArrowDown")
    assert current_path(page) == "first_party.position"
    page.keyboard.press("Shift+ArrowUp")
    assert current_path(page) == "first_party.nip"
    page.click("#zoom-in")
    page.click("#zoom-in")
    page.wait_for_selector('#page-image[data-dpi="200"]')
    assert page.inner_text("#zoom-label") == "156%"
    highlight_matches_bbox(page, seeded.drawing.boxes["first_party.nip"][1])
    page.click("#zoom-fit")
    page.wait_for_selector('#page-image[data-dpi="110"]')
    page.focus("#field-input")
    page.keyboard.press("Control+A")

    arrow_to(page, "performance_targets.2.target", "ArrowDown")
    page.wait_for_selector('#page-image[data-page="2"]')
    assert page.get_attribute("#highlight", "data-page") == "2"
    highlight_matches_bbox(page, seeded.drawing.boxes["performance_targets.2.target"][1])
    page.keyboard.press("PageUp")
    page.wait_for_selector('#page-image[data-page="1"]')
    assert page.is_hidden("#highlight") and "halaman 2" in page.inner_text("#viewer-note")
    arrow_to(page, "first_party.nip", "ArrowUp")
    assert page.is_visible("#highlight")

    page.keyboard.type(GOOD_NIP)
    assert page.is_visible("#btn-save")
    assert page.locator("#nip-breakdown .nip-part").count() == 4
    assert page.locator("#nip-breakdown .nip-part.bad").count() == 0
    page.keyboard.press("Enter")
    page.wait_for_selector('.field-row[data-path="first_party.nip"][data-status="corrected"]')
    arrow_to(page, "first_party.name", "ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_selector('.field-row[data-path="first_party.name"][data-status="confirmed"]')

    page.reload()
    page.wait_for_selector("body[data-loaded]")
    nip_row = page.locator('.field-row[data-path="first_party.nip"]')
    assert nip_row.get_attribute("data-status") == "corrected"
    assert GOOD_NIP in nip_row.inner_text()
    assert page.get_attribute('.field-row[data-path="first_party.name"]', "data-status") == "confirmed"
    history = page.locator("#history-table tbody tr")
    assert sorted(history.nth(i).get_attribute("data-action") for i in range(history.count())) == [
        "confirmed", "corrected"]
    assert page.inner_text("#version-chip") == "Versi 3"

    record = field_from_api(live_server, seeded.agreement_id)
    party = record["agreement"]["first_party"]
    assert party["nip"]["value"] == GOOD_NIP and party["nip"]["status"] == "corrected"
    assert party["name"]["status"] == "confirmed" and party["name"]["changed_by"] == "reviewer-test"
    context.close()


def test_stale_version_is_shown_not_overwritten(browser: Any, live_server: LiveServer,
                                                seeded: Seeded) -> None:
    first, second = signed_in(browser, live_server, "reviewer"), signed_in(browser, live_server, "reviewer2")
    query = "?field=first_party.name"
    page_a = open_review(first, live_server, seeded.agreement_id, query)
    page_b = open_review(second, live_server, seeded.agreement_id, query)
    assert current_path(page_a) == current_path(page_b) == "first_party.name"

    page_a.keyboard.press("Enter")
    page_a.wait_for_selector('.field-row[data-path="first_party.name"][data-status="confirmed"]')
    page_b.keyboard.type("dr. SITI RAHMAWATI")
    page_b.keyboard.press("Enter")
    page_b.wait_for_selector("#stale-banner", state="visible")
    assert "sudah diubah orang lain" in page_b.inner_text("#stale-banner")
    assert "dr. SITI RAHMAWATI" in page_b.inner_text("#stale-banner")
    assert page_b.is_disabled("#btn-save")

    record = field_from_api(live_server, seeded.agreement_id)
    assert record["version"] == 2
    assert record["agreement"]["first_party"]["name"]["value"] == "dr. SITI RAHMAWATI, M.Kes"
    assert record["agreement"]["first_party"]["name"]["changed_by"] == "reviewer-test"

    page_b.click("#stale-reload")
    page_b.wait_for_selector("#stale-banner", state="hidden")
    assert page_b.inner_text("#version-chip") == "Versi 2"
    assert page_b.get_attribute('.field-row[data-path="first_party.name"]', "data-status") == "confirmed"
    first.close()
    second.close()


def test_viewer_sees_the_record_but_cannot_edit(browser: Any, live_server: LiveServer,
                                                seeded: Seeded) -> None:
    context = signed_in(browser, live_server, "viewer")
    page = open_review(context, live_server, seeded.agreement_id, "?field=first_party.nip")
    patches: list[str] = []
    page.on("request", lambda request: patches.append(request.url) if request.method == "PATCH" else None)
    assert page.is_visible("#readonly-banner")
    assert page.inner_text("#role-badge") == "Hanya baca"
    assert not page.is_visible("#btn-confirm")
    assert page.get_attribute("#field-input", "readonly") is not None
    assert page.input_value("#field-input") == BAD_NIP
    page.keyboard.press("Enter")
    page.wait_for_selector("#field-message.error")
    assert patches == []
    assert field_from_api(live_server, seeded.agreement_id)["version"] == 1
    context.close()


def test_rejected_value_is_explained_in_english(browser: Any, live_server: LiveServer,
                                                seeded: Seeded) -> None:
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, seeded.agreement_id, "?field=first_party.nip&lang=en")
    assert "Invalid NIP: impossible birth date" in page.inner_text("#field-reasons")
    page.keyboard.type("1975 0123")
    page.keyboard.press("Enter")
    page.wait_for_selector("#field-message.error")
    assert "Value rejected" in page.inner_text("#field-message")
    assert "18 digits" in page.inner_text("#field-message")
    assert field_from_api(live_server, seeded.agreement_id)["version"] == 1
    context.close()


def test_table_cells_are_editable(browser: Any, live_server: LiveServer, seeded: Seeded) -> None:
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, seeded.agreement_id)
    cell = page.locator('.cell-input[data-path="programs.1.budget"]')
    assert cell.input_value() == "420.500.000"
    cell.click()
    assert current_path(page) == "programs.1.budget"
    assert page.inner_text("#field-label") == "Baris 2 · Anggaran (Rp)"
    assert page.inner_text("#field-context").startswith("Program Peningkatan Kapasitas")
    page.wait_for_selector('#highlight[data-page="2"]')
    highlight_matches_bbox(page, seeded.drawing.boxes["programs.1.budget"][1])
    cell.fill("420.000.000")
    assert page.input_value("#field-input") == "420.000.000"
    page.keyboard.press("Enter")
    page.wait_for_selector('td.cell.status-corrected .cell-input[data-path="programs.1.budget"]')
    budget = field_from_api(live_server, seeded.agreement_id)["agreement"]["programs"][1]["budget"]
    assert budget["value"] == 420000000 and budget["status"] == "corrected"
    context.close()


def test_queue_filters_and_language_switch(browser: Any, live_server: LiveServer, seeded: Seeded) -> None:
    organization = "Badan Perencanaan Pembangunan Daerah"
    other = pk.seed_agreement(live_server.services, organization, uuid.uuid4().hex[:8])
    waiting = pk.queue_upload(live_server.services, uuid.uuid4().hex[:8])
    context = signed_in(browser, live_server, "viewer")
    page = context.new_page()
    page.goto(f"{live_server.url}/review")
    page.wait_for_selector("body[data-loaded]")
    document = page.locator(f'#documents-list li[data-document-id="{waiting}"]')
    assert document.get_attribute("data-status") == "queued"
    with live_server.services.sessions.begin() as session:
        row = session.get(DocumentRow, waiting)
        row.status, row.pages_done = "processing", 1
    page.wait_for_selector(f'#documents-list li[data-document-id="{waiting}"][data-status="processing"]')
    assert "1 dari 2 halaman" in document.inner_text()
    page.fill('#filters input[name="organization"]', "perencanaan")
    page.click('#filters button[type="submit"]')
    page.wait_for_selector('body[data-agreements-query*="organization=perencanaan"]')
    assert page.locator(f'#agreements-table tr[data-agreement-id="{other.agreement_id}"]').count() == 1
    rows = page.locator("#agreements-table tbody tr")
    assert all("Perencanaan" in rows.nth(i).inner_text() for i in range(rows.count()))
    assert page.locator(f'tr[data-agreement-id="{seeded.agreement_id}"]').count() == 0
    assert "organization=perencanaan" in page.url

    page.fill('#filters input[name="year"]', "2019")
    page.click('#filters button[type="submit"]')
    page.wait_for_selector('body[data-agreements-query*="year=2019"]')
    assert page.locator("#agreements-table td.empty").count() == 1

    page.click('.lang-switch a[data-lang="en"]')
    page.wait_for_selector("body[data-loaded]")
    assert page.inner_text("h1") == "Review queue"
    assert page.input_value('#filters input[name="year"]') == "2019"
    page.goto(f"{live_server.url}/review/agreements/{seeded.agreement_id}")
    page.wait_for_selector("body[data-loaded]")
    assert page.inner_text(".back") == "‹ Back to queue"
    context.close()


def test_enter_walks_through_every_uncertain_field(browser: Any, live_server: LiveServer,
                                                   seeded: Seeded) -> None:
    pk.seed_agreement(live_server.services, "Dinas Sosial", uuid.uuid4().hex[:8])  # a next one to offer
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, seeded.agreement_id)
    flagged = pk.flagged_paths(seeded.result)
    visited = []
    for step in range(len(flagged)):
        visited.append(current_path(page))
        page.keyboard.press("Enter")
        page.wait_for_selector(f'#version-chip:text-is("Versi {step + 2}")')
    assert visited == flagged
    page.wait_for_selector('body[data-open="0"]')
    assert page.is_visible("#done-banner")
    with live_server.api("viewer") as client:
        done = client.get("/agreements", params={"needs_review": "false", "limit": 500}).json()["items"]
    assert seeded.agreement_id in [a["id"] for a in done]
    link = page.locator("#next-agreement")
    link.wait_for(state="visible")
    href = link.get_attribute("href")
    assert href.startswith("/review/agreements/") and href != f"/review/agreements/{seeded.agreement_id}"
    link.click()
    page.wait_for_url(f"**{href}")
    page.wait_for_selector("body[data-loaded]")
    context.close()


def test_reviewer_adds_what_the_extractor_missed(browser: Any, live_server: LiveServer) -> None:
    seeded = pk.seed_agreement(live_server.services, "Dinas Perhubungan", uuid.uuid4().hex[:8],
                               second_party=False)
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, seeded.agreement_id, "?field=second_party.name")
    assert page.input_value("#field-input") == ""
    page.keyboard.press("Enter")
    assert "Ketik nilai" in page.inner_text("#field-message")
    page.keyboard.type("H. BAMBANG SUTRISNO, S.H.")
    page.keyboard.press("Enter")
    page.wait_for_selector('.field-row[data-path="second_party.name"][data-status="corrected"]')

    page.click('[data-add-row="programs"]')
    new_cell = page.locator('.cell-input[data-path="programs.2.name"]')
    assert new_cell.evaluate("node => node === document.activeElement")
    page.keyboard.type("Program Penunjang Urusan Pemerintahan Daerah")
    page.keyboard.press("Enter")
    page.wait_for_selector('td.cell.status-corrected .cell-input[data-path="programs.2.name"]')
    page.locator('.cell-input[data-path="programs.2.budget"]').click()
    page.keyboard.type("90.000.000")
    page.keyboard.press("Enter")
    page.wait_for_selector('td.cell.status-corrected .cell-input[data-path="programs.2.budget"]')

    agreement = field_from_api(live_server, seeded.agreement_id)["agreement"]
    assert agreement["second_party"]["name"]["value"] == "H. BAMBANG SUTRISNO, S.H."
    assert agreement["second_party"]["nip"]["value"] is None
    added = agreement["programs"][2]
    assert added["name"]["value"] == "Program Penunjang Urusan Pemerintahan Daerah"
    assert added["budget"]["value"] == 90000000
    context.close()
