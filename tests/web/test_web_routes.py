"""The HTML routes and their strings, without a browser: languages, cookie, static files, OpenAPI."""

from __future__ import annotations

import httpx

from api.web import strings, strings_review
from tests.web.conftest import LiveServer


def test_both_languages_have_every_string() -> None:
    for table in (strings.UI, strings.FIELD_LABELS, strings.REASONS, strings_review.REVIEW_UI,
                  strings_review.PROBLEMS, strings_review.RULES):
        assert set(table["id"]) == set(table["en"])
        assert all(text.strip() for lang in strings.LANGUAGES for text in table[lang].values())
    assert not set(strings.UI["id"]) & set(strings_review.REVIEW_UI["id"])


def test_every_reason_code_is_said_in_words_and_no_word_is_stale() -> None:
    from extractor.scoring.reasons import Reason

    for language in strings.REASONS.values():
        assert set(language) == {str(code) for code in Reason}, set(language) ^ {str(c) for c in Reason}


def test_every_whole_table_problem_and_refusal_is_said_in_words() -> None:
    """The table doubts the extractor raises (and why), and every rule the API refuses a value by."""
    import re
    from pathlib import Path

    from api.table_reviews import TABLE_CODES
    from extractor.tables.doubt import DOUBTS

    for language in strings_review.PROBLEMS.values():
        assert set(language) == {*TABLE_CODES, *DOUBTS}
    sources = "".join(path.read_text() for path in (Path(__file__).parents[2] / "api").rglob("*.py"))
    rules = set(re.findall(r'InvalidChange\([^()]*(?:\([^()]*\)[^()]*)*"(\w+)"\)', sources))
    rules |= {f"expected_{kind}" for kind in ("nip", "year", "money", "float", "date", "bool", "str")}
    assert rules - {"no_field"} and set(strings_review.RULES["en"]) == rules | {"no_field"}


def test_pages_render_in_the_chosen_language(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        default = client.get("/review")
        assert default.status_code == 200 and default.headers["content-type"].startswith("text/html")
        assert "<h1>Antrean tinjauan</h1>" in default.text
        english = client.get("/review/agreements/7", params={"lang": "en"})
        assert "<title>Review agreement · pk-extract</title>" in english.text
        assert "window.PK.agreementId = \"7\"" in english.text
        assert english.cookies.get("pk_lang") == "en"
        assert "<h1>Review queue</h1>" in client.get("/review").text
        assert "<h1>Antrean tinjauan</h1>" in client.get("/review", params={"lang": "xx"}).text
        assert client.get("/").headers["location"] == "/review"


def test_static_files_and_api_schema(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        script = client.get("/static/review.js")
        assert script.status_code == 200 and "If-Match" in script.text
        assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
        paths = client.get("/openapi.json").json()["paths"]
        assert not any(path.startswith(("/review/", "/login", "/static")) for path in paths)
