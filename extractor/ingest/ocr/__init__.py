"""OCR of page images: render, orient and deskew, Tesseract, and the process pool around them."""
