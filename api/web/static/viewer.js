/* The page viewer of the review view: page images fetched with the token, page switching, zoom,
 * and the box of the current field (and the region of a doubted table) drawn over the page.
 *
 * Boxes are in PDF points on the upright, deskewed page the extractor read; the image shown is the page
 * as scanned. A page deskewed by s degrees for OCR had its content turned clockwise by s, so each box
 * is turned by s degrees about the page's centre, the turn the deskew undid: it then lies on its words. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const DPI = 110;
  const DPI_SHARP = 200;
  const ZOOM_STEP = 1.25;
  const PAD = 2;

  class PageViewer {
    /* pages: the agreement's pages (buttons); pageCount: the file's; pageSizes: {n: {width, height}} in points. */
    constructor({ documentId, pages, pageCount, pageSizes }) {
      this.documentId = documentId;
      this.pageCount = pageCount || Math.max(1, ...pages);
      this.pages = pages.length ? pages : Array.from({ length: this.pageCount }, (_, i) => i + 1);
      this.pageSizes = pageSizes || {};
      this.page = null;
      this.zoom = 1;
      this.images = {};
      this.target = null;
      this.region = null;
      $("zoom-in").addEventListener("click", () => this.zoomIn());
      $("zoom-out").addEventListener("click", () => this.zoomOut());
      $("zoom-fit").addEventListener("click", () => this.setZoom(1));
      window.addEventListener("resize", () => { if (this.page) this.applyZoom(); });
    }

    /* Show the target's box, switching to its page first: target = {path, page, bbox, resolved}. */
    focus(target) {
      this.target = target;
      this.region = null;
      if (target && target.page && target.page !== this.page) return this.show(target.page);
      this.place(true);
      return Promise.resolve();
    }

    /* A doubted table's region ({page, bbox}), outlined until another field is focused; null clears it. */
    showRegion(region) {
      this.region = region;
      if (region && region.page && region.page !== this.page) return this.show(region.page);
      this.place(true);
      return Promise.resolve();
    }

    zoomIn() { this.setZoom(this.zoom * ZOOM_STEP); }

    zoomOut() { this.setZoom(this.zoom / ZOOM_STEP); }

    dpi() {
      return this.zoom > 1.3 ? DPI_SHARP : DPI;
    }

    imageUrl(n, dpi) {
      const key = n + "@" + dpi;
      if (!this.images[key]) {
        const url = `/documents/${encodeURIComponent(this.documentId)}/pages/${n}/image?dpi=${dpi}`;
        this.images[key] = fetch(url, { headers: { Authorization: "Bearer " + PK.auth.token() } })
          .then((response) => {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.blob();
          })
          .then((blob) => URL.createObjectURL(blob));
        this.images[key].catch(() => { delete this.images[key]; });
      }
      return this.images[key];
    }

    /* The agreement's pages changed (a person regrouped the file). */
    setPages(pages, doc) {
      this.pageCount = (doc && doc.page_count) || this.pageCount;
      this.pages = pages.length ? pages : Array.from({ length: this.pageCount }, (_, i) => i + 1);
      for (const info of (doc && doc.pages) || []) this.pageSizes[info.number] = info;
      this.renderSwitch();
    }

    async show(n) {
      if (n < 1 || n > this.pageCount) return;
      this.page = n;
      this.renderSwitch();
      if (this.onPage) this.onPage(n);
      const image = $("page-image");
      const dpi = this.dpi();
      try {
        const url = await this.imageUrl(n, dpi);
        if (this.page !== n) return;
        if (image.src !== url) {
          image.src = url;
          await image.decode();
        }
        image.dataset.page = String(n);
        image.dataset.dpi = String(dpi);
        $("page-frame").classList.remove("failed");
      } catch (error) {
        $("page-frame").classList.add("failed");
        image.removeAttribute("src");
        this.note(PK.t("image_error"));
        return;
      }
      this.applyZoom();
      this.place(true);
    }

    renderSwitch() {
      const box = $("page-switch");
      box.replaceChildren();
      const button = (label, n, extra) => PK.el("button", {
        type: "button", onclick: () => this.show(n), ...extra,
      }, label);
      box.append(button("‹", this.page - 1, { class: "btn btn-icon", "aria-label": PK.t("prev_page"),
        disabled: this.page <= 1 || undefined }));
      for (const n of this.pages) {
        box.append(button(String(n), n, { class: "btn btn-page" + (n === this.page ? " active" : ""),
          "aria-pressed": n === this.page ? "true" : "false", dataset: { page: n } }));
      }
      box.append(button("›", this.page + 1, { class: "btn btn-icon", "aria-label": PK.t("next_page"),
        disabled: this.page >= this.pageCount || undefined }));
      $("page-label").textContent = PK.t("page_of", { n: this.page, total: this.pageCount });
    }

    /* Page size in points: from the document's page info when the API gives it, else from the image. */
    pageSize(n) {
      const known = this.pageSizes[n];
      if (known && known.width && known.height) return known;
      const image = $("page-image");
      const dpi = Number(image.dataset.dpi) || DPI;
      return { width: image.naturalWidth * 72 / dpi, height: image.naturalHeight * 72 / dpi };
    }

    note(text) {
      const note = $("viewer-note");
      note.hidden = !text;
      note.textContent = text || "";
    }

    /* Lay `node` over the page at `bbox` (points, deskewed frame) as percentages, so it fits any zoom,
     * turned by the page's skew about the page centre. */
    lay(node, bbox, size, pad) {
      const [x0, top, x1, bottom] = bbox;
      const left = x0 - pad;
      const upper = top - pad;
      const width = x1 - x0 + 2 * pad;
      const height = bottom - top + 2 * pad;
      node.style.left = (left / size.width) * 100 + "%";
      node.style.top = (upper / size.height) * 100 + "%";
      node.style.width = (width / size.width) * 100 + "%";
      node.style.height = (height / size.height) * 100 + "%";
      const skew = Number(size.skew_degrees) || 0;
      node.style.transformOrigin = skew
        ? `${((size.width / 2 - left) / width) * 100}% ${((size.height / 2 - upper) / height) * 100}%` : "";
      node.style.transform = skew ? `rotate(${skew}deg)` : "";
      node.dataset.skew = String(skew);
    }

    placeRegion(size) {
      const node = $("region");
      const region = this.region;
      node.hidden = !(region && region.bbox && region.page === this.page && size.width && size.height);
      if (!node.hidden) {
        this.lay(node, region.bbox, size, 6);
        node.dataset.page = String(this.page);
      }
    }

    /* The current field's box; a page that is not the field's says where the field is. */
    place(scroll) {
      const box = $("highlight");
      const target = this.target;
      box.hidden = true;
      this.note("");
      const size = this.page ? this.pageSize(this.page) : {};
      this.placeRegion(size);
      if (!target) {
        if (scroll && !$("region").hidden) this.scrollToBox();
        return;
      }
      if (!target.bbox || !target.page) return this.note(PK.t("no_highlight"));
      if (target.page !== this.page) return this.note(PK.t("highlight_other_page", { n: target.page }));
      if (!size.width || !size.height) return;
      this.lay(box, target.bbox, size, PAD);
      box.dataset.path = target.path;
      box.dataset.page = String(this.page);
      box.classList.toggle("resolved", Boolean(target.resolved));
      box.hidden = false;
      box.classList.remove("pulse");
      void box.offsetWidth;
      box.classList.add("pulse");
      if (scroll) this.scrollToBox();
    }

    scrollToBox() {
      const scroller = $("viewer-scroll");
      const box = $("highlight").hidden ? $("region") : $("highlight");
      const frame = $("page-frame");
      const y = frame.offsetTop + box.offsetTop - scroller.clientHeight / 3;
      const x = frame.offsetLeft + box.offsetLeft - scroller.clientWidth / 4;
      scroller.scrollTo({ top: Math.max(0, y), left: Math.max(0, x), behavior: "smooth" });
    }

    applyZoom() {
      const fit = $("viewer-scroll").clientWidth - 32;
      $("page-image").style.width = Math.round(fit * this.zoom) + "px";
      $("zoom-label").textContent = Math.round(this.zoom * 100) + "%";
    }

    setZoom(zoom) {
      const before = this.dpi();
      this.zoom = Math.max(0.5, Math.min(4, zoom));
      this.applyZoom();
      if (this.dpi() !== before && this.page) this.show(this.page);
      else this.place(true);
    }
  }

  PK.PageViewer = PageViewer;
})();
