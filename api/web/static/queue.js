/* Queue view: batch progress, agreements needing review (filtered), and the most uncertain fields. */
"use strict";

(function () {
  const PAGE_SIZE = 25;
  const POLL_MS = 3000;
  const state = { offset: 0, pollTimer: null, names: {} };
  const $ = (id) => document.getElementById(id);

  function filters() {
    const form = $("filters");
    return {
      year: form.year.value.trim(),
      organization: form.organization.value.trim(),
      needs_review: form.needs_review.checked ? "true" : "",
    };
  }

  function fillFormFromUrl() {
    const params = new URLSearchParams(location.search);
    const form = $("filters");
    form.year.value = params.get("year") || "";
    form.organization.value = params.get("organization") || "";
    form.needs_review.checked = params.get("needs_review") !== "false";
  }

  function writeUrl() {
    const f = filters();
    const params = new URLSearchParams(location.search);
    for (const key of ["year", "organization"]) {
      if (f[key]) params.set(key, f[key]); else params.delete(key);
    }
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

  function progressBar(done, total) {
    const ratio = total ? Math.min(1, done / total) : 0;
    return PK.el("div", { class: "progress-cell" },
      PK.el("div", { class: "bar" }, PK.el("span", { style: "width:" + Math.round(ratio * 100) + "%" })),
      PK.el("span", { class: "muted small nowrap", text: PK.t("batch_pages", { done, total: total || "?" }) }));
  }

  function showError(message) {
    const banner = $("queue-error");
    banner.textContent = PK.t("load_error", { message });
    banner.hidden = false;
  }

  async function loadDocuments() {
    const result = await PK.api("/documents?limit=100");
    if (!result.ok) return showError(PK.errorMessage(result));
    const items = result.data.items;
    const count = (s) => items.filter((d) => d.status === s).length;
    setStat("documents", result.data.total);
    setStat("done", count("done"));
    setStat("in_progress", count("queued") + count("processing"));
    setStat("failed", count("failed"));
    const pagesDone = items.reduce((sum, d) => sum + (d.pages_done || 0), 0);
    const pagesTotal = items.reduce((sum, d) => sum + (d.page_count || 0), 0);
    const batch = $("batch-progress");
    batch.hidden = !items.length;
    batch.querySelector(".bar span").style.width = (pagesTotal ? Math.round(100 * pagesDone / pagesTotal) : 0) + "%";
    batch.querySelector('[data-role="label"]').textContent = PK.t("batch_pages", { done: pagesDone, total: pagesTotal });
    const list = $("documents-list");
    list.replaceChildren();
    if (!items.length) list.append(PK.el("li", { class: "muted", text: PK.t("batch_empty") }));
    for (const doc of items) {
      const problems = (doc.problems || []).map((p) => p.message).join("\n");
      const agreements = (doc.agreement_ids || []).length;
      list.append(PK.el("li", { dataset: { documentId: doc.id, status: doc.status } },
        PK.el("div", { class: "doc-top" },
          PK.el("span", { class: "doc-name", title: doc.filename, text: doc.filename }),
          problems ? PK.el("span", { class: "problem-dot", title: problems, text: "!" }) : null,
          statusChip(doc.status)),
        doc.status === "failed"
          ? PK.el("div", { class: "doc-problem small", text: problems || PK.t("status_failed") })
          : PK.el("div", { class: "doc-bottom" }, progressBar(doc.pages_done || 0, doc.page_count || 0),
            PK.el("span", { class: "muted small nowrap", text: agreements + " PK" }))));
    }
    const busy = items.some((d) => d.status === "queued" || d.status === "processing");
    clearTimeout(state.pollTimer);
    if (busy) state.pollTimer = setTimeout(() => { loadDocuments(); loadAgreements(); }, POLL_MS);
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

  async function loadUncertain() {
    const f = filters();
    const result = await PK.api("/review-queue" + PK.query({ year: f.year, organization: f.organization, limit: 8 }));
    if (!result.ok) return showError(PK.errorMessage(result));
    setStat("uncertain", result.data.total);
    const list = $("uncertain-list");
    list.replaceChildren();
    if (!result.data.items.length) list.append(PK.el("li", { class: "muted", text: PK.t("uncertain_empty") }));
    for (const item of result.data.items) {
      const href = "/review/agreements/" + encodeURIComponent(item.agreement_id) + "?field=" + encodeURIComponent(item.path);
      list.append(PK.el("li", {},
        PK.el("a", { href },
          PK.el("div", { class: "uncertain-top" },
            PK.el("span", { class: "strong", text: PK.pathLabel(item.path) }),
            PK.el("span", { class: "conf-pill", text: PK.percent(item.confidence) })),
          PK.el("div", { class: "muted small", text: (state.names[item.agreement_id] || "PK") + " #" + item.agreement_id }),
          PK.el("div", { class: "uncertain-value", text: PK.formatValue(item.value) }),
          PK.el("div", { class: "muted small", text: PK.reasonList(item.reasons).join(" · ") }))));
    }
  }

  function reloadAll() {
    writeUrl();
    return Promise.all([loadDocuments(), loadAgreements()]).then(loadUncertain).catch((e) => showError(e.message));
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!PK.auth.token()) return;
    fillFormFromUrl();
    $("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      state.offset = 0;
      reloadAll();
    });
    $("filters-reset").addEventListener("click", () => {
      const form = $("filters");
      form.year.value = "";
      form.organization.value = "";
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
