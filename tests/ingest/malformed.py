"""The committed corpus of malformed inputs (tests/ingest/malformed/): how each file was made.

Run `python -m tests.ingest.malformed` to write them again; `expected.json` beside them holds what the
extractor must answer for each (reviewed by hand, then kept: a change there is a change of contract).
Mutations are seeded, so the same bytes come out every time. Sources are generated samples only
(samples/corpus), never the real corpus.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from functools import cache
from pathlib import Path

from PIL import Image

CORPUS = Path(__file__).parent / "malformed"
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"
BORN_DIGITAL = SAMPLES / "born-digital" / "bd01_rl_ii_l1.pdf"
TWO_PAGES = SAMPLES / "born-digital" / "bd02_fp_ii_l1b.pdf"
GIB = 1 << 30


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


@cache
def deflated(data_or_size: bytes | int, times: int = 1) -> bytes:
    """`times`-deflated bytes; an int is that many spaces, compressed in 1 MiB steps (never held)."""
    if isinstance(data_or_size, bytes):
        data = zlib.compress(data_or_size, 9)
    else:
        packer, chunk = zlib.compressobj(9), b" " * (1 << 20)
        data = b"".join(packer.compress(chunk) for _ in range(data_or_size >> 20)) + packer.flush()
    for _ in range(times - 1):
        data = zlib.compress(data, 9)
    return data


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT_PAGE = b"BT /F1 14 Tf 72 760 Td (PERJANJIAN KINERJA TAHUN 2024) Tj ET"


def page(contents: int, resources: bytes = b"", box: bytes = b"[0 0 595 842]") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Contents %d 0 R " % contents
            + resources + b" >>")


def one_page(contents: bytes, resources: bytes = b"", extra: list[bytes] | None = None,
             box: bytes = b"[0 0 595 842]") -> bytes:
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    return raw_pdf([CATALOG, pages, page(4, resources, box), contents, *(extra or [])])


def content_bomb() -> bytes:
    """3 GiB of spaces in a page's content stream, deflated twice: 6 KB on disk."""
    return one_page(stream(b"/Filter [/FlateDecode /FlateDecode]", deflated(3 * GIB, 2)))


def text_bomb(shows: int = 4 << 20) -> bytes:
    """Four million text-showing operators (190 million characters) in 2 KB."""
    text = b"BT /F1 1 Tf 10 10 Td " + (b"(" + b"A" * 45 + b") Tj ") * shows + b"ET"
    return one_page(stream(b"/Filter [/FlateDecode /FlateDecode]", deflated(text, 2)),
                    b"/Resources << /Font << /F1 5 0 R >> >>", [HELVETICA])


IMAGE_PAGE = stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q")
IMAGE_RESOURCES = b"/Resources << /XObject << /Im0 5 0 R >> >>"


def image_header_bomb() -> bytes:
    """An embedded image that says it is 60,000 x 60,000 pixels (3.6 billion)."""
    image = stream(b"/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Filter /FlateDecode", deflated(b"\0" * 4096))
    return one_page(IMAGE_PAGE, IMAGE_RESOURCES, [image])


def image_data_bomb() -> bytes:
    """A 2,000 x 2,000 image whose data inflates to 3 GiB: only what the header promises is read."""
    image = stream(b"/Type /XObject /Subtype /Image /Width 2000 /Height 2000 /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]", deflated(3 * GIB, 2))
    return one_page(IMAGE_PAGE, IMAGE_RESOURCES, [image])


def good_page_then_bomb() -> bytes:
    """Page 1 is text; page 2 is the content bomb: page 1 is still read."""
    pages = b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>"
    fonts = b"/Resources << /Font << /F1 7 0 R >> >>"
    return raw_pdf([CATALOG, pages, page(4, fonts), stream(b"", TEXT_PAGE), page(6),
                    stream(b"/Filter [/FlateDecode /FlateDecode]", deflated(3 * GIB, 2)), HELVETICA])


def huge_page() -> bytes:
    """A page of 14,400 x 14,400 points (200 inches): 3.7 billion pixels at 300 dpi."""
    return one_page(stream(b"", TEXT_PAGE), b"/Resources << /Font << /F1 5 0 R >> >>", [HELVETICA],
                    box=b"[0 0 14400 14400]")


def no_pages() -> bytes:
    return raw_pdf([CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"])


def page_tree_loop() -> bytes:
    """The page tree's only kid is the tree itself."""
    return raw_pdf([CATALOG, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def form_loop() -> bytes:
    """A form XObject that draws itself."""
    form = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                  b"/Resources << /XObject << /Fx 5 0 R >> >>", b"/Fx Do")
    return one_page(stream(b"", b"/Fx Do"), b"/Resources << /XObject << /Fx 5 0 R >> >>", [form])


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is `width` x `height` (8-bit gray) over one tiny IDAT."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def jpeg_header_bomb() -> bytes:
    """A real small JPEG whose frame header (SOF0) is rewritten to 65,000 x 65,000."""
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5: sof + 9] = struct.pack(">HH", 65000, 65000)
    return bytes(data)


def tiff_header_bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, format="TIFF")
    data = bytearray(buffer.getvalue())
    ifd = struct.unpack_from("<I", data, 4)[0]
    for index in range(struct.unpack_from("<H", data, ifd)[0]):
        entry = ifd + 2 + 12 * index
        tag, kind = struct.unpack_from("<HH", data, entry)
        if tag in (256, 257):  # ImageWidth, ImageLength
            struct.pack_into("<H" if kind == 3 else "<I", data, entry + 8, 60000)
    return bytes(data)


def scan_png() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("L", (600, 800), 255)
    image.paste(0, (100, 100, 500, 110))
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx whose body unpacks to 100 MiB of spaces (100 KB on disk)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in (("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b" " * (100 << 20))):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def flipped(data: bytes, seed: int, flips: int) -> bytes:
    rng, out = random.Random(seed), bytearray(data)
    for _ in range(flips):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def random_bytes(seed: int, size: int, head: bytes = b"") -> bytes:
    return head + random.Random(seed).randbytes(size)


def corpus() -> dict[str, bytes]:
    """File name -> bytes of every malformed input."""
    pdf, two = BORN_DIGITAL.read_bytes(), TWO_PAGES.read_bytes()
    png = scan_png()
    return {
        "empty.pdf": b"",
        "only-spaces.pdf": b" \n" * 100,
        "random.pdf": random_bytes(1, 4096),
        "random-after-pdf-header.pdf": random_bytes(2, 4096, b"%PDF-1.7\n"),
        "random-after-png-signature.png": random_bytes(3, 4096, b"\x89PNG\r\n\x1a\n"),
        "random-after-tiff-signature.tif": random_bytes(4, 4096, b"II*\x00"),
        "random-after-zip-signature.docx": random_bytes(5, 4096, b"PK\x03\x04"),
        "zip-bomb.docx": zip_bomb_docx(),
        "truncated-header.pdf": pdf[:200],
        "truncated-half.pdf": pdf[: len(pdf) // 2],
        "truncated-before-eof.pdf": pdf[:-40],
        "truncated-page-2.pdf": two[: int(len(two) * 0.8)],
        "truncated.png": png[: len(png) // 2],
        "bit-flipped-1.pdf": flipped(pdf, 11, 3),
        "bit-flipped-2.pdf": flipped(pdf, 12, 30),
        "bit-flipped-3.pdf": flipped(two, 111, 20),
        "bit-flipped-4.pdf": flipped(two, 14, 200),
        "bit-flipped.png": flipped(png, 15, 20),
        "deflate-bomb.pdf": content_bomb(),
        "text-bomb.pdf": text_bomb(),
        "text-flood.pdf": text_bomb(10_000),
        "good-page-then-deflate-bomb.pdf": good_page_then_bomb(),
        "image-header-bomb.pdf": image_header_bomb(),
        "image-data-bomb.pdf": image_data_bomb(),
        "huge-page.pdf": huge_page(),
        "no-pages.pdf": no_pages(),
        "page-tree-loop.pdf": page_tree_loop(),
        "form-draws-itself.pdf": form_loop(),
        "png-bomb.png": png_header(100_000, 100_000),
        "jpeg-bomb.jpg": jpeg_header_bomb(),
        "tiff-bomb.tif": tiff_header_bomb(),
        "pdf named as image.png": pdf,
        "Perjanjian Kinerja ünïcödé 2024 (final).PDF": pdf,
        "-starts-with-dash.pdf": pdf,
    }


def write_corpus(folder: Path = CORPUS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in corpus().items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    write_corpus()
