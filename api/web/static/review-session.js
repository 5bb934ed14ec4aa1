/* The review view's session: loading (who the reader is, the record, the document's page facts, the
 * drafts left in this browser), and other people's work on the same agreement: a save that clashed
 * with theirs (who changed what, keep mine or take theirs) and a save merged with theirs. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const M = PK.model;

  /* A 409: name each change that clashed; the reviewer's own values stay as drafts. */
  function show(ctx, result, body) {
    const state = ctx.state;
    const details = (result.data && result.data.error && result.data.error.details) || {};
    const conflicts = details.conflicts || [];
    state.stale = true;
    const list = $("stale-list");
    list.replaceChildren();
    for (const c of conflicts) {
      const key = { reextracted: "conflict_reextracted", corrected: "conflict_item", confirmed: "conflict_confirmed" };
      const text = PK.t(key[c.action] || "conflict_other", {
        who: c.reviewer, field: PK.reviewPanel.historyLabel(c.changed_path || c.path), value: PK.formatValue(c.value),
        action: PK.t("action_" + c.action), when: PK.formatTime(c.at), version: c.version ?? details.current_version });
      list.append(PK.el("li", { dataset: { path: c.path, reviewer: c.reviewer || "" }, text }));
    }
    const mine = (body.changes || []).map((c) => c.path);
    const typed = mine.map((path) => ctx.drafts.get(path)).filter((v) => v !== undefined).join("”, “");
    $("stale-title").textContent = conflicts.length ? PK.t("conflict_title") : PK.t("stale_title");
    $("stale-mine").textContent = mine.length ? PK.t("conflict_mine", { mine: typed }) : "";
    $("stale-keep").hidden = !mine.length;
    state.conflictPaths = conflicts.map((c) => c.path);
    $("merge-note").hidden = true;
    $("stale-banner").hidden = false;
    ctx.syncPanel();
    (mine.length ? $("stale-keep") : $("stale-reload")).focus();
  }

  async function resolve(ctx, keepMine) {
    if (!keepMine) for (const path of ctx.state.conflictPaths || []) ctx.drafts.delete(path);
    if (await ctx.reload()) ctx.select(ctx.state.index, "panel");
  }

  /* After a save that went in over other people's saves: say whose changes it was merged with. */
  function noteMerged(ctx, items, before) {
    const note = $("merge-note");
    const others = items.filter((h) => h.version > before && h.version < ctx.state.version && h.reviewer !== (ctx.state.me || {}).name);
    note.hidden = !others.length;
    if (!others.length) return;
    const who = [...new Set(others.map((h) => h.reviewer))].join(", ");
    const fields = [...new Set(others.map((h) => PK.reviewPanel.historyLabel(h.path)))].join(", ");
    note.textContent = PK.t("merged_note", { who, fields });
  }

  function showDrafts(ctx) {
    const banner = $("drafts-banner");
    const count = ctx.drafts.count();
    banner.hidden = !count;
    if (count) banner.querySelector('[data-role="body"]').textContent = PK.t("drafts_restored", { n: count });
  }

  async function start(ctx) {
    const state = ctx.state;
    if (!PK.auth.token()) return;
    $("stale-keep").addEventListener("click", () => resolve(ctx, true));
    $("stale-reload").addEventListener("click", () => resolve(ctx, false));
    $("drafts-discard").addEventListener("click", () => {
      ctx.drafts.clear();
      $("drafts-banner").hidden = true;
      ctx.state.adding = { targets: false, programs: false };
      ctx.adopt(state.record, null);  // the stored values at once, then a fresh record
      ctx.select(Math.min(state.index, state.fields.length - 1), "panel");
      ctx.reload().then(() => ctx.select(state.index, "panel"));
    });
    let ok;
    try {
      ok = await ctx.reload();
    } catch (error) {
      $("review-error").textContent = PK.t("load_error", { message: error.message });
      $("review-error").hidden = false;
      return;
    }
    if (!ok) return;
    const [me, docResult] = await Promise.all([
      PK.api("/me"), PK.api(`/documents/${encodeURIComponent(state.record.document_id)}`),
    ]);
    state.me = me.ok ? me.data : null;
    state.canEdit = Boolean(state.me && state.me.role !== "viewer");
    PK.setRole(state.canEdit);
    $("readonly-banner").hidden = state.canEdit;
    $("actions").hidden = !state.canEdit;
    $("audit-banner").hidden = new URLSearchParams(location.search).get("audit") !== "1";
    state.doc = docResult.ok ? docResult.data : null;
    for (const group of ["targets", "programs"]) {
      const rows = state.record.agreement[M.LIST_OF[group]] || [];
      state.adding[group] = ctx.drafts.paths().some((p) => p.startsWith(`${M.LIST_OF[group]}.${rows.length}.`));
    }
    await PK.reviewPages.load(ctx);
    ctx.reload().then(() => {
      showDrafts(ctx);
      const pageSizes = {};
      for (const info of (state.doc && state.doc.pages) || []) pageSizes[info.number] = info;
      const pages = state.record.agreement.pages || [];
      state.viewer = new PK.PageViewer({
        documentId: state.record.document_id, pages, pageCount: state.doc && state.doc.page_count, pageSizes,
      });
      state.viewer.onPage = () => PK.reviewPages.render(ctx);
      const first = state.fields[state.index];
      return state.viewer.show((first && first.field.page) || pages[0] || 1);
    }).then(() => {
      ctx.select(state.index, "panel");
      const key = new URLSearchParams(location.search).get("table");
      const review = (state.record.tables || []).find((t) => t.key === key);
      if (review) {
        ctx.showTable(review);
        const check = document.querySelector(`.notice[data-key="${review.key}"] [data-action="check"]`);
        if (check) check.focus();
      }
      document.body.dataset.loaded = "true";
    });
  }

  PK.reviewConflicts = { show, noteMerged };
  PK.reviewStart = start;
})();
