"""Work that must never be lost or overwritten, in headless Chromium against a live server: two reviewers
on one agreement (different fields merge, the same field is a named conflict), a typed value surviving a
reload and an expired token, a row added with the keyboard and one removed and restored, a batch
confirm undone, a bundle's agreement split; and the queue found by NIP and reason, with the audit
sample's estimate."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from api.storage.tokens import create_token
from tests.web import pk_fixture as pk
from tests.web.conftest import SCREENSHOTS, LiveServer
from tests.web.pk_fixture import GOOD_NIP, Seeded
from tests.web.test_review_page import current_path, field_from_api, open_review, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(live_server: LiveServer) -> Seeded:
    return pk.seed_agreement(live_server.services, "Dinas Perdagangan", uuid.uuid4().hex[:8])


def history(live_server: LiveServer, agreement_id: int) -> list[dict[str, Any]]:
    with live_server.api("viewer") as client:
        return client.get(f"/agreements/{agreement_id}/history").json()["items"]


def test_two_reviewers_merge_different_fields_and_are_told_of_the_same_one(
        browser: Any, live_server: LiveServer, seeded: Seeded) -> None:
    first, second = signed_in(browser, live_server, "reviewer"), signed_in(browser, live_server, "reviewer2")
    page_a = open_review(first, live_server, seeded.agreement_id, "?field=first_party.name")
    page_b = open_review(second, live_server, seeded.agreement_id, "?field=programs.1.budget")

    page_a.keyboard.press("Enter")
    page_a.wait_for_selector('.field-row[data-path="first_party.name"][data-status="confirmed"]')
    page_b.keyboard.type("420.000.000")
    page_b.keyboard.press("Enter")
    page_b.wait_for_selector('#version-chip:text-is("Versi 3")')
    page_b.wait_for_selector("#merge-note:not([hidden])")
    assert "reviewer-test" in page_b.inner_text("#merge-note") and "Nama" in page_b.inner_text("#merge-note")
    assert page_b.get_attribute('.field-row[data-path="first_party.name"]', "data-status") == "confirmed"
    assert page_b.is_hidden("#stale-banner")

    # Both on version 3 now; A corrects the NIP, then B types another NIP over the one B still sees.
    page_a.goto(f"{live_server.url}/review/agreements/{seeded.agreement_id}?field=first_party.nip")
    page_a.wait_for_selector("body[data-loaded]")
    page_b.locator('.field-row[data-path="first_party.nip"]').click()
    page_a.keyboard.type(GOOD_NIP)
    page_a.keyboard.press("Enter")
    page_a.wait_for_selector('#version-chip:text-is("Versi 4")')
    mine = "197501232000031002"
    page_b.keyboard.type(mine)
    page_b.keyboard.press("Enter")
    page_b.wait_for_selector("#stale-banner:not([hidden])")
    banner = page_b.inner_text("#stale-banner")
    assert "Isian yang sama sudah diubah orang lain" in banner
    assert f"reviewer-test mengubah Pihak Pertama · NIP menjadi “{GOOD_NIP}”" in banner and mine in banner
    assert page_b.inner_text("#field-message") == ""  # no "Saving..." left behind
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page_b.screenshot(path=str(SCREENSHOTS / "conflict.png"), animations="disabled")
    saved = field_from_api(live_server, seeded.agreement_id)["agreement"]["first_party"]["nip"]
    assert saved["value"] == GOOD_NIP

    page_b.click("#stale-keep")  # keep mine: the record reloads, the typed NIP stays, Enter saves it
    page_b.wait_for_selector("#stale-banner", state="hidden")
    page_b.wait_for_selector("#field-input:focus")  # (the page's CSP forbids the eval of wait_for_function)
    assert page_b.input_value("#field-input") == mine and current_path(page_b) == "first_party.nip"
    page_b.keyboard.press("Enter")
    page_b.wait_for_selector('#version-chip:text-is("Versi 5")')
    nip = field_from_api(live_server, seeded.agreement_id)["agreement"]["first_party"]["nip"]
    assert (nip["value"], nip["changed_by"]) == (mine, "second-reviewer")
    first.close()
    second.close()


def test_typed_work_survives_a_reload_and_an_expired_token(browser: Any, live_server: LiveServer,
                                                           seeded: Seeded) -> None:
    with live_server.services.sessions.begin() as session:
        row, token = create_token(session, "reviewer", "short-lived")
        token_id = row.id
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(  # once: the sign-in page keeps the next token where it likes
        f"if (!window.localStorage.getItem('seeded')) {{ window.localStorage.setItem('seeded', '1'); "
        f"window.sessionStorage.setItem('pk_token', {json.dumps(token)}); }}")
    page = open_review(context, live_server, seeded.agreement_id, "?field=first_party.position")
    page.on("dialog", lambda dialog: dialog.accept())
    page.keyboard.type(" (Plt.)")
    page.locator('.cell-input[data-path="performance_targets.0.target"]').fill("86")
    page.reload()
    page.wait_for_selector("body[data-loaded]")
    assert page.is_visible("#drafts-banner") and "2 nilai" in page.inner_text("#drafts-banner")
    assert page.input_value('.cell-input[data-path="performance_targets.0.target"]') == "86"
    page.locator('.field-row[data-path="first_party.position"]').click()
    assert page.input_value("#field-input").endswith("(Plt.)") and page.is_visible("#btn-save")

    with live_server.api("admin") as client:
        assert client.delete(f"/tokens/{token_id}").status_code == 204
    page.keyboard.press("Enter")  # the token is gone: to the sign-in page, drafts kept
    page.wait_for_url("**/login?next=*")
    page.fill("#token", live_server.tokens["reviewer"])
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"**/review/agreements/{seeded.agreement_id}*")
    page.wait_for_selector("body[data-loaded]")
    assert current_path(page) == "first_party.position"
    assert page.input_value("#field-input").endswith("(Plt.)")
    page.keyboard.press("Enter")
    page.wait_for_selector('.field-row[data-path="first_party.position"][data-status="corrected"]')
    page.click("#drafts-discard")
    page.wait_for_selector("#drafts-banner", state="hidden")
    assert page.input_value('.cell-input[data-path="performance_targets.0.target"]') == "85"
    context.close()


def test_rows_are_added_with_the_keyboard_removed_and_restored(browser: Any, live_server: LiveServer,
                                                               seeded: Seeded) -> None:
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, seeded.agreement_id)
    page.click('[data-add-row="programs"]')
    page.keyboard.type("Program Penunjang Urusan Pemerintahan Daerah")
    page.keyboard.press("Tab")
    page.keyboard.type("90.000.000")
    page.keyboard.press("Tab")
    page.keyboard.type("APBD")
    page.keyboard.press("Enter")  # one save for the whole row
    page.wait_for_selector('#version-chip:text-is("Versi 2")')
    page.wait_for_function("() => document.activeElement.dataset.addRow === 'programs'")
    added = field_from_api(live_server, seeded.agreement_id)["agreement"]["programs"][2]
    assert (added["name"]["value"], added["budget"]["value"], added["note"]["value"]) == (
        "Program Penunjang Urusan Pemerintahan Daerah", 90_000_000, "APBD")
    assert len({h["batch"] for h in history(live_server, seeded.agreement_id)}) == 1

    page.click('[data-remove-row="programs.1"]')
    page.wait_for_selector('tr.removed-row[data-row="programs.1"]')
    assert "Dihapus oleh reviewer-test" in page.inner_text('tr.removed-row[data-row="programs.1"]')
    assert page.locator('.cell-input[data-path="programs.1.budget"]').count() == 0
    row = field_from_api(live_server, seeded.agreement_id)["agreement"]["programs"][1]
    assert row["removed"] and row["removed_by"] == "reviewer-test"
    page.click('[data-restore-row="programs.1"]')
    page.wait_for_selector('.cell-input[data-path="programs.1.budget"]')
    assert [h["action"] for h in history(live_server, seeded.agreement_id)][-2:] == ["removed", "restored"]
    context.close()


def test_the_rest_of_a_table_is_confirmed_at_once_and_undone(browser: Any, live_server: LiveServer,
                                                             seeded: Seeded) -> None:
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, seeded.agreement_id, "?field=first_party.nip")
    open_targets = [p for p in pk.flagged_paths(seeded.result) if p.startswith("performance_targets.")]
    button = page.locator('[data-confirm-table="targets"]')
    assert button.inner_text().endswith(f"({len(open_targets)})")
    button.click()
    page.wait_for_selector('#version-chip:text-is("Versi 2")')
    entries = history(live_server, seeded.agreement_id)
    assert sorted(h["path"] for h in entries) == sorted(open_targets)
    assert {h["action"] for h in entries} == {"confirmed"} and len({h["batch"] for h in entries}) == 1
    assert page.locator('[data-confirm-table="targets"]').count() == 0
    page.click("#btn-undo")
    page.wait_for_selector('#version-chip:text-is("Versi 3")')
    page.wait_for_selector('[data-confirm-table="targets"]')
    target = field_from_api(live_server, seeded.agreement_id)["agreement"]["performance_targets"][2]["target"]
    assert (target["status"], target["needs_review"]) == ("extracted", True)
    context.close()


def test_the_queue_finds_people_reasons_and_measures_an_audit(browser: Any, live_server: LiveServer) -> None:
    pk.seed_agreement(live_server.services, "Dinas Kearsipan", uuid.uuid4().hex[:8])  # its own, for the audit
    context = signed_in(browser, live_server, "reviewer")
    page = context.new_page()
    page.goto(f"{live_server.url}/review")
    page.wait_for_selector("body[data-loaded]")
    page.fill('#filters input[name="person"]', "19751323")
    page.select_option('#filters select[name="reason"]', "sum_mismatch")
    page.click('#filters button[type="submit"]')
    page.wait_for_selector('body[data-agreements-query*="nip=19751323"]')
    page.wait_for_function("() => [...document.querySelectorAll('#uncertain-list li')].every("
                           "(li) => li.dataset.path === 'programs.1.budget')")
    assert "reason=sum_mismatch" in page.url

    page.goto(f"{live_server.url}/review?organization=kearsipan&audit=3&seed=5")
    page.wait_for_selector("body[data-audit-loaded]")
    audit = page.locator("#audit-list li")
    assert audit.count() == 3
    first_path = audit.first.get_attribute("data-path")
    audit.first.locator("a").click()
    page.wait_for_selector("body[data-loaded]")
    assert page.is_visible("#audit-banner") and current_path(page) == first_path
    assert page.get_attribute("#field-conf-bar", "class") == "high"
    page.keyboard.press("Enter")  # the value is right
    page.wait_for_selector('#version-chip:text-is("Versi 2")')
    page.goto(f"{live_server.url}/review?organization=kearsipan&audit=3&seed=5")
    page.wait_for_selector('body[data-audit-loaded="3:5:1"]')
    assert page.locator("#audit-list li").count() == 2
    assert "0 salah dari 1 dinilai" in page.inner_text("#audit-estimate")
    page.screenshot(path=str(SCREENSHOTS / "queue-audit.png"), animations="disabled")
    context.close()


def test_a_bundle_agreement_that_swallowed_the_next_pk_is_split(browser: Any,
                                                                live_server: LiveServer) -> None:
    from tests.web.bundle_fixture import run_queued_extraction, seed_swallowed_bundle

    agreement_id = seed_swallowed_bundle(live_server.services)
    context = signed_in(browser, live_server, "reviewer")
    page = open_review(context, live_server, agreement_id)
    assert "Halaman 1, 2, 3, 4 dari 4" in page.inner_text("#pages-list")
    page.click('#page-switch [data-page="3"]')
    page.click('[data-regroup="split_at"]')
    page.wait_for_selector("body[data-regrouping]")
    run_queued_extraction(live_server.services, agreement_id)
    page.wait_for_function("() => !document.body.dataset.regrouping", timeout=15000)
    assert [b.inner_text() for b in page.locator("#page-switch [data-page]").all()] == ["1", "2"]
    assert "Halaman 1, 2 dari 4" in page.inner_text("#pages-list")
    page.screenshot(path=str(SCREENSHOTS / "bundle-split.png"), animations="disabled")
    with live_server.api("viewer") as client:
        document_id = client.get(f"/agreements/{agreement_id}").json()["document_id"]
        ids = client.get(f"/documents/{document_id}").json()["agreement_ids"]
        pages = [client.get(f"/agreements/{i}").json()["agreement"]["pages"] for i in ids]
    assert ids[0] == agreement_id and pages == [[1, 2], [3, 4]]
    context.close()
