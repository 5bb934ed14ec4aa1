/* Which pages make up this agreement, fixed from the page being looked at: split the agreement from
 * this page on (a bundle's PK that swallowed the next one), move its first or last page to the
 * neighbouring agreement, take in a page no agreement holds, merge with the next agreement. Each is one
 * PUT /documents/{id}/grouping of the whole file's groups; the document is then extracted again and the
 * page reloads when it is done (each agreement follows its pages, corrections kept). */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 1200;
  let others = [];  // the file's other agreements: [{id, pages}]

  async function load(ctx) {
    const doc = ctx.state.doc;
    const ids = ((doc && doc.agreement_ids) || []).filter((id) => String(id) !== String(ctx.state.id));
    const found = await Promise.all(ids.map((id) => PK.api(`/agreements/${encodeURIComponent(id)}`)));
    others = found.filter((r) => r.ok).map((r) => ({ id: r.data.id, pages: r.data.agreement.pages || [] }));
  }

  /* The file's groups with this agreement's pages replaced by `mine` (and the others by `change`). */
  function groups(ctx, mine, change) {
    const all = [{ id: ctx.state.id, pages: mine }, ...others.map((o) => ({ ...o, pages: (change && change(o)) || o.pages }))];
    return all.map((g) => [...new Set(g.pages)].sort((a, b) => a - b)).filter((g) => g.length);
  }

  function actions(ctx) {
    const pages = ctx.state.record.agreement.pages || [];
    const n = ctx.state.viewer ? ctx.state.viewer.page : null;
    if (!n || !pages.length) return [];
    const first = pages[0];
    const last = pages[pages.length - 1];
    const before = others.filter((o) => o.pages.length && o.pages[o.pages.length - 1] < first).pop();
    const after = others.find((o) => o.pages.length && o.pages[0] > last);
    const without = (list, page) => list.filter((p) => p !== page);
    const out = [];
    if (pages.includes(n) && n !== first) {
      out.push(["split_at", () => [...groups(ctx, pages.filter((p) => p < n)), pages.filter((p) => p >= n)]]);
    }
    if (n === first && before && pages.length > 1) {
      out.push(["move_prev", () => groups(ctx, without(pages, n), (o) => (o === before ? [...o.pages, n] : null))]);
    }
    if (n === last && after && pages.length > 1) {
      out.push(["move_next", () => groups(ctx, without(pages, n), (o) => (o === after ? [n, ...o.pages] : null))]);
    }
    if (!pages.includes(n)) {
      out.push(["take_page", () => groups(ctx, [...pages, n], (o) => (o.pages.includes(n) ? without(o.pages, n) : null))]);
    }
    if (after) {
      out.push(["merge_next", () => groups(ctx, [...pages, ...after.pages], (o) => (o === after ? [] : null)),
        { pages: after.pages.join(", ") }]);
    }
    return out;
  }

  function render(ctx) {
    const card = $("pages-card");
    const doc = ctx.state.doc;
    card.hidden = !ctx.state.canEdit || !doc;
    if (card.hidden) return;
    const pages = ctx.state.record.agreement.pages || [];
    $("pages-list").textContent = PK.t("pages_list", {
      pages: pages.join(", ") || "–", total: doc.page_count || "?",
      others: others.map((o) => "#" + o.id + " (" + o.pages.join(", ") + ")").join("; ") || PK.t("pages_none") });
    const box = $("pages-actions");
    box.replaceChildren();
    for (const [key, make, vars] of actions(ctx)) {
      box.append(PK.el("button", {
        type: "button", class: "btn btn-small", dataset: { regroup: key },
        onclick: () => regroup(ctx, make()),
      }, PK.t(key, { n: ctx.state.viewer.page, ...(vars || {}) })));
    }
  }

  async function regroup(ctx, agreements) {
    const docId = ctx.state.record.document_id;
    const result = await PK.api(`/documents/${encodeURIComponent(docId)}/grouping`, { method: "PUT", body: { agreements } });
    if (!result.ok) return ctx.fieldMessage(PK.errorMessage(result), "error");
    $("regroup-banner").textContent = PK.t("regrouping");
    $("regroup-banner").hidden = false;
    document.body.dataset.regrouping = "true";
    return wait(ctx, docId);
  }

  async function wait(ctx, docId) {
    const doc = await PK.api(`/documents/${encodeURIComponent(docId)}`);
    if (doc.ok && (doc.data.status === "queued" || doc.data.status === "processing")) {
      setTimeout(() => wait(ctx, docId), POLL_MS);
      return;
    }
    if (doc.ok && !doc.data.agreement_ids.map(String).includes(String(ctx.state.id))) {
      location.assign("/review/agreements/" + encodeURIComponent(doc.data.agreement_ids[0] || ""));
      return;
    }
    ctx.state.doc = doc.ok ? doc.data : ctx.state.doc;
    await ctx.reload();
    await load(ctx);
    ctx.state.viewer.setPages(ctx.state.record.agreement.pages || [], ctx.state.doc);
    render(ctx);
    ctx.select(ctx.state.index, "panel");
    $("regroup-banner").textContent = PK.t("regrouped");
    delete document.body.dataset.regrouping;
  }

  PK.reviewPages = { load, render };
})();
