# pk-extract: one image for the API (`pk-extract serve`) and the Celery workers (`pk-extract worker`).
# Debian (bookworm) with Tesseract and its Indonesian and English data; runs as a non-root user.

FROM python:3.11-slim-bookworm AS build
# tesserocr is built against Debian's libtesseract, the library the `tesseract` command uses.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev g++ pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY extractor extractor
COPY models models
COPY api api
COPY cli cli
RUN pip wheel --no-cache-dir --no-binary tesserocr --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng \
      libtesseract5 hunspell-id hunspell-en-us \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index /wheels/*.whl && rm -rf /wheels
RUN useradd --system --uid 10001 --create-home --home-dir /srv/pk pk \
 && mkdir -p /data/files && chown -R pk:pk /data
USER pk
WORKDIR /srv/pk
ENV PYTHONUNBUFFERED=1 PK_STORAGE_DIR=/data/files
VOLUME /data/files
EXPOSE 8000
CMD ["pk-extract", "serve", "--host", "0.0.0.0", "--port", "8000"]
