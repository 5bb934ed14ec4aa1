"""HTML routes of the review page: server-rendered shells whose scripts talk to the JSON API.

Pages hold no data and need no session: the browser keeps the reviewer's token and fetches
everything from the API with it, so the page depends only on the HTTP contract.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.web import strings

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
LANG_COOKIE = "pk_lang"

templates = Jinja2Templates(directory=WEB_DIR / "templates")
router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")


def _language(request: Request) -> str:
    return strings.pick_language(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


def content_security_policy(nonce: str) -> str:
    """Scripts only from this server (and the page's own inline data, by nonce), images also as the
    blob: URLs the viewer makes, never framed; style attributes stay allowed for progress bars."""
    return (f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
            "style-src-attr 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _render(request: Request, template: str, page: str, **context: object) -> Response:
    lang = _language(request)
    data = strings.bundle(lang)
    nonce = secrets.token_urlsafe(16)
    response = templates.TemplateResponse(
        request, template, {"page": page, "lang": lang, "t": data["t"], "bundle": data, "nonce": nonce,
                            **context}
    )
    response.headers["Content-Security-Policy"] = content_security_policy(nonce)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return _render(request, "login.html", "login")


@router.get("/review", response_class=HTMLResponse)
def queue_page(request: Request) -> Response:
    return _render(request, "queue.html", "queue")


@router.get("/review/agreements/{agreement_id}", response_class=HTMLResponse)
def review_page(request: Request, agreement_id: str) -> Response:
    return _render(request, "review.html", "review", agreement_id=agreement_id)


@router.get("/", response_class=RedirectResponse)
@router.get("/review/", response_class=RedirectResponse)
def to_queue() -> RedirectResponse:
    return RedirectResponse("/review")
