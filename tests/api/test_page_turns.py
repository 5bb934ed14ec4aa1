"""The page image the review shows is the page the extractor read: upright, whatever turned it (the
file's /Rotate, content drawn turned without /Rotate), so the word boxes lie on their words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.api.conftest import Api
from tests.ingest import makers


@pytest.mark.parametrize("kind", ["rotate90", "turned90", "turned270"])
def test_the_page_image_is_upright_as_the_extractor_read_it(api: Api, tmp_path: Path, kind: str) -> None:
    path = (makers.pk_pdf(tmp_path / "p.pdf", stored_landscape=True) if kind == "rotate90"
            else makers.turned_pk_pdf(tmp_path / "p.pdf", int(kind.removeprefix("turned"))))
    document_id = api.upload((f"{kind}.pdf", path.read_bytes())).json()["documents"][0]["id"]
    (done,) = api.wait_done([document_id])
    assert done["status"] == "done"
    page = api.get(f"/documents/{document_id}").json()["pages"][0]
    assert (round(page["width"]), round(page["height"])) == (595, 842)
    image = Image.open(io.BytesIO(api.get(f"/documents/{document_id}/pages/1/image",
                                          params={"dpi": 72}).content)).convert("L")
    assert abs(image.width - 595) <= 1 and abs(image.height - 842) <= 1, (kind, image.size)
    title = (150, 80 - 16, 150 + 330, 80 + 4)  # makers.TITLE at (150, top 80) on the upright page
    ink = sum(1 for x in range(title[0], title[2]) for y in range(title[1], title[3])
              if image.getpixel((x, y)) < 128)
    assert ink > 300, f"{kind}: the title is not where the extractor read it"
