/* Queue view: review progress per document, agreements needing review (filtered by year, organization,
 * person or NIP), and what to look at first: whole-table doubts and the least confident fields, filtered
 * by reason and confidence, in either order. The audit sample lives in queue-audit.js. */
"use strict";

(function () {
  const PAGE_SIZE = 25;
  const POLL_MS = 3000;
  const state = { offset: 0, pollTimer: null, names: {} };
  const $ = (id) => document.getElementById(id);

  const TEXT_FILTERS = ["year", "organization", "person", "reason", "max_confidence", "sort"];

  /* The form's filters; a person field of digits is a NIP (whole or in part). */
  function filters() {
    const form = $("filters");
    const person = form.person.value.trim();
    const digits = person.replace(/\s/g, "");
    const isNip = /^\d{4,18}$/.test(digits);
    return {
      year: form.year.value.trim(),
      organization: form.organization.value.trim(),
      person: isNip ? "" : person,
      nip: isNip ? digits : "",
      needs_review: form.needs_review.checked ? "true" : "",
    };
  }

  function itemFilters() {
    const form = $("filters");
    return { reason: form.reason.value, max_confidence: form.max_confidence.value,
      sort: form.sort.value === "confidence" ? "" : form.sort.value };
  }

  /* Every reason a field or table can carry, in words, as the reason filter's choices. */
  function fillReasons() {
    const select = $("filters").reason;
    const codes = { ...PK.reasons, table_doubt: PK.problems.table_doubt, targets_missing: PK.problems.targets_missing };
    const entries = Object.entries(codes).map(([code, text]) => [code, text.split("{page}").join("…")])
      .sort((a, b) => a[1].localeCompare(b[1]));
    for (const [code, text] of entries) select.append(PK.el("option", { value: code, text }));
  }

  function fillFormFromUrl() {
    const params = new URLSearchParams(location.search);
    const form = $("filters");
    for (const key of TEXT_FILTERS) form[key].value = params.get(key) || (key === "sort" ? "confidence" : "");
    form.needs_review.checked = params.get("needs_review") !== "false";
  }

  function writeUrl() {
    const form = $("filters");
    const params = new URLSearchParams(location.search);
    for (const key of TEXT_FILTERS) {
      const value = key === "sort" && form.sort.value === "confidence" ? "" : form[key].value.trim();
      if (value) params.set(key, value); else params.delete(key);
    }
    const f = filters();
    if (f.needs_review) params.delete("needs_review"); else params.set("needs_review", "false");
    const search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  function setStat(name, value) {
    document.querySelector('[data-stat="' + name + '"]').textContent = value;
  }

  function statusChip(status) {
    return PK.el("span", { class: "chip chip-" + status, text: PK.t("status_" + status) });
  }

  function progressBar(done, total, key, extra) {
    const ratio = total ? Math.min(1, done / total) : key === "progress_fields" ? 1 : 0;
    return PK.el("div", { class: "progress-cell" },
      PK.el("div", { class: "bar" }, PK.el("span", { style: "width:" + Math.round(ratio * 100) + "%" })),
      PK.el("span", { class: "muted small nowrap", text: PK.t(key, { done, total: total || (key === "progress_fields" ? 0 : "?") })
        + (extra ? " · " + extra : "") }));
  }

  function showError(message) {
    const banner = $("queue-error");
    banner.textContent = PK.t("load_error", { message });
    banner.hidden = false;
  }

  /* Review progress per document: flagged fields people handled of all flagged, tables left to check;
   * while a document is being read, its pages. */
  async function loadDocuments() {
    const [result, progress] = await Promise.all([PK.api("/documents?limit=100"), PK.api("/review-progress")]);
    if (!result.ok) return showError(PK.errorMessage(result));
    const items = result.data.items;
    const count = (s) => items.filter((d) => d.status === s).length;
    setStat("documents", result.data.total);
    setStat("done", count("done"));
    setStat("in_progress", count("queued") + count("processing"));
    setStat("failed", count("failed"));
    const reviewed = progress.ok ? progress.data.total : null;
    const byDocument = {};
    for (const p of (progress.ok ? progress.data.documents : [])) byDocument[p.document_id] = p;
    const batch = $("batch-progress");
    batch.hidden = !items.length || !reviewed;
    if (reviewed) {
      const total = reviewed.fields_open + reviewed.fields_reviewed;
      batch.querySelector(".bar span").style.width = (total ? Math.round(100 * reviewed.fields_reviewed / total) : 100) + "%";
      batch.querySelector('[data-role="label"]').textContent = PK.t("progress_fields", { done: reviewed.fields_reviewed, total })
        + (reviewed.tables_open ? " · " + PK.t("progress_tables", { open: reviewed.tables_open }) : "");
    }
    const list = $("documents-list");
    list.replaceChildren();
    if (!items.length) list.append(PK.el("li", { class: "muted", text: PK.t("batch_empty") }));
    for (const doc of items) {
      const problems = (doc.problems || []).map((p) => p.message).join("\n");
      const agreements = (doc.agreement_ids || []).length;
      const done = byDocument[doc.id];
      const bar = doc.status === "done" && done
        ? progressBar(done.fields_reviewed, done.fields_open + done.fields_reviewed, "progress_fields",
          done.tables_open ? PK.t("progress_tables", { open: done.tables_open }) : "")
        : progressBar(doc.pages_done || 0, doc.page_count || 0, "progress_reading", "");
      list.append(PK.el("li", { dataset: { documentId: doc.id, status: doc.status } },
        PK.el("div", { class: "doc-top" },
          PK.el("span", { class: "doc-name", title: doc.filename, text: doc.filename }),
          problems ? PK.el("span", { class: "problem-dot", title: problems, text: "!" }) : null,
          statusChip(doc.status)),
        doc.status === "failed"
          ? PK.el("div", { class: "doc-problem small", text: problems || PK.t("status_failed") })
          : PK.el("div", { class: "doc-bottom" }, bar, PK.el("span", { class: "muted small nowrap", text: agreements + " PK" }))));
    }
    const busy = items.some((d) => d.status === "queued" || d.status === "processing");
    clearTimeout(state.pollTimer);
    if (busy) state.pollTimer = setTimeout(() => { loadDocuments(); loadAgreements(); }, POLL_MS);
    return undefined;
  }

  async function loadAgreements() {
    const f = filters();
    const query = PK.query({ ...f, limit: PAGE_SIZE, offset: state.offset });
    const result = await PK.api("/agreements" + query);
    if (!result.ok) return showError(PK.errorMessage(result));
    if (query !== PK.query({ ...filters(), limit: PAGE_SIZE, offset: state.offset })) return;
    const { items, total } = result.data;
    setStat("agreements", f.needs_review ? total : items.filter((a) => a.needs_review_count > 0).length);
    const body = $("agreements-table").tBodies[0];
    body.replaceChildren();
    if (!items.length) {
      body.append(PK.el("tr", {}, PK.el("td", { colspan: 7, class: "muted empty", text: PK.t("agreements_empty") })));
    }
    for (const a of items) {
      state.names[a.id] = a.organization;
      const href = "/review/agreements/" + encodeURIComponent(a.id);
      const row = PK.el("tr", { class: "clickable", dataset: { agreementId: a.id } },
        PK.el("td", { class: "num-left", text: a.year ?? "–" }),
        PK.el("td", {}, PK.el("div", { class: "strong", text: a.organization || "–" }),
          PK.el("div", { class: "muted small", text: a.government || "" })),
        PK.el("td", { text: a.first_party_name || "–" }),
        PK.el("td", { text: a.second_party_name || "–" }),
        PK.el("td", { class: "num", text: (a.pages || []).join(", ") }),
        PK.el("td", { class: "num" }, PK.el("span", {
          class: "count-badge" + (a.needs_review_count ? " warn" : " ok"), text: a.needs_review_count,
        })),
        PK.el("td", { class: "num" }, PK.el("a", { class: "btn btn-small", href, text: PK.t("open_review") + " ›" })));
      row.addEventListener("click", (event) => { if (!event.target.closest("a")) location.assign(href); });
      body.append(row);
    }
    $("agreements-count").textContent = total ? PK.t("showing", {
      from: state.offset + 1, to: state.offset + items.length, total,
    }) : "";
    const pager = $("agreements-pager");
    pager.hidden = total <= PAGE_SIZE;
    pager.querySelector('[data-dir="-1"]').disabled = state.offset === 0;
    pager.querySelector('[data-dir="1"]').disabled = state.offset + PAGE_SIZE >= total;
    pager.querySelector('[data-role="range"]').textContent = $("agreements-count").textContent;
    document.body.dataset.agreementsQuery = query;
  }

  /* One queue item: a whole-table doubt (its page, in words) or a field (value, confidence, reasons). */
  function queueItem(item, audit) {
    const table = item.kind === "table";
    const href = "/review/agreements/" + encodeURIComponent(item.agreement_id)
      + (table ? "?table=" : "?field=") + encodeURIComponent(item.path) + (audit ? "&audit=1" : "");
    const reasons = table ? PK.model.problemText({ code: item.reasons[0], details: item.reasons.slice(1), page: item.page,
      message: item.raw }) : PK.reasonList(item.reasons).join(" · ");
    return PK.el("li", { dataset: { kind: item.kind || "field", path: item.path, agreementId: item.agreement_id } },
      PK.el("a", { href },
        PK.el("div", { class: "uncertain-top" },
          PK.el("span", { class: "strong", text: table ? PK.t("uncertain_table", { n: item.page ?? "–" }) : PK.pathLabel(item.path) }),
          table ? null : PK.el("span", { class: "conf-pill", text: PK.percent(item.confidence) })),
        PK.el("div", { class: "muted small", text: (state.names[item.agreement_id] || "PK") + " #" + item.agreement_id }),
        table ? null : PK.el("div", { class: "uncertain-value", text: PK.formatValue(item.value) }),
        PK.el("div", { class: "muted small", text: reasons })));
  }

  async function loadUncertain() {
    const f = filters();
    const result = await PK.api("/review-queue" + PK.query({ year: f.year, organization: f.organization, person: f.person,
      nip: f.nip, ...itemFilters(), limit: 12 }));
    if (!result.ok) return showError(PK.errorMessage(result));
    setStat("uncertain", result.data.total);
    const list = $("uncertain-list");
    list.replaceChildren();
    if (!result.data.items.length) list.append(PK.el("li", { class: "muted", text: PK.t("uncertain_empty") }));
    for (const item of result.data.items) list.append(queueItem(item, false));
    return undefined;
  }

  function reloadAll() {
    writeUrl();
    return Promise.all([loadDocuments(), loadAgreements()]).then(loadUncertain).catch((e) => showError(e.message));
  }

  PK.queueItem = queueItem;
  PK.queueFilters = () => {
    const { needs_review: _needsReview, ...agreements } = filters();
    return agreements;
  };
  PK.queueNames = state.names;

  document.addEventListener("DOMContentLoaded", () => {
    if (!PK.auth.token()) return;
    fillReasons();
    fillFormFromUrl();
    $("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      state.offset = 0;
      reloadAll();
    });
    $("filters-reset").addEventListener("click", () => {
      const form = $("filters");
      for (const key of TEXT_FILTERS) form[key].value = key === "sort" ? "confidence" : "";
      form.needs_review.checked = true;
      state.offset = 0;
      reloadAll();
    });
    for (const button of $("agreements-pager").querySelectorAll("button")) {
      button.addEventListener("click", () => {
        state.offset = Math.max(0, state.offset + Number(button.dataset.dir) * PAGE_SIZE);
        loadAgreements();
      });
    }
    reloadAll().then(() => document.body.setAttribute("data-loaded", "true"));
  });
})();
