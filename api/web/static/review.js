/* Review view controller: which field is current, and every save. A save is one PATCH with If-Match
 * (the version this page holds): the API merges it with other people's saves to other fields, and a
 * 409 names who changed the same field; nothing typed is lost (drafts.js), nothing overwritten. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const M = PK.model;
  const P = PK.reviewPanel;
  const T = PK.reviewTables;
  const state = {
    id: PK.agreementId, record: null, version: null, doc: null, fields: [], index: 0, viewer: null,
    adding: { targets: false, programs: false }, canEdit: false, stale: false, busy: false, focus: "panel",
    lastBatch: null, me: null,
  };
  const drafts = new PK.Drafts(state.id);
  PK.drafts = drafts;
  const current = () => state.fields[state.index];
  const draftOf = (entry) => (drafts.has(entry.path) ? drafts.get(entry.path) : M.valueText(entry.field, entry.path));
  const openTables = () => (state.record.tables || []).filter((t) => t.status === "open");

  function fieldMessage(message, kind) {
    const node = $("field-message");
    node.textContent = message || "";
    node.className = "form-message" + (kind ? " " + kind : "");
  }

  function onDraft(entry, text) {
    if (text === M.valueText(entry.field, entry.path)) drafts.delete(entry.path);
    else drafts.set(entry.path, text);
    const area = document.querySelector(`.cell-input[data-path="${entry.path}"]`);
    if (area) area.parentElement.classList.toggle("drafted", drafts.has(entry.path));
    if (current() === entry) syncPanel();
  }

  /* Buttons follow the draft: an unchanged value is confirmed, a changed one saved as a correction. */
  function syncPanel() {
    const entry = current();
    if (!entry) return;
    const input = $("field-input");
    const draft = draftOf(entry);
    if (document.activeElement !== input) input.value = draft;
    const changed = draft !== M.valueText(entry.field, entry.path);
    if (M.leafName(entry.path) === "nip") P.renderNip(draft);
    else $("nip-breakdown").hidden = true;
    input.classList.toggle("changed", changed);
    const blocked = state.stale || state.busy;
    $("btn-save").hidden = !changed || !state.canEdit;
    $("btn-confirm").hidden = changed || !state.canEdit;
    for (const id of ["btn-confirm", "btn-save", "btn-confirm-row", "btn-confirm-all", "btn-undo"]) $(id).disabled = blocked;
    const rowOpen = entry.row === undefined ? [] : T.confirmable(ctx, state.fields.filter((e) => e.group === entry.group && e.row === entry.row));
    $("btn-confirm-row").hidden = !state.canEdit || rowOpen.length < 2;
    const allOpen = T.confirmable(ctx, state.fields);
    $("btn-confirm-all").hidden = !state.canEdit || allOpen.length < 2;
    $("btn-confirm-all").textContent = "✓ " + PK.t("confirm_all", { n: allOpen.length });
    $("btn-undo").hidden = !state.canEdit || !state.lastBatch;
    const area = document.querySelector(`.cell-input[data-path="${entry.path}"]`);
    if (area && document.activeElement !== area) {
      area.value = draft;
      T.autoGrow(area);
    }
  }

  function markCurrent() {
    for (const node of document.querySelectorAll(".field-row.current, td.cell.current")) node.classList.remove("current");
    const entry = current();
    if (!entry) return;
    const row = document.querySelector(`.field-row[data-path="${entry.path}"]`);
    if (row) row.classList.add("current");
    const area = document.querySelector(`.cell-input[data-path="${entry.path}"]`);
    if (area) area.parentElement.classList.add("current");
  }

  function renderAll() {
    P.renderHeader(ctx);
    P.renderFieldList(ctx);
    T.renderTables(ctx);
    T.renderNotices(ctx);
  }

  function select(index, focus) {
    if (!state.fields.length) return;
    state.index = (index + state.fields.length) % state.fields.length;
    fieldMessage("");
    const entry = current();
    P.renderField(ctx, entry);
    $("field-input").value = draftOf(entry);
    syncPanel();
    markCurrent();
    if (state.viewer) state.viewer.focus({ path: entry.path, page: entry.field.page, bbox: entry.field.bbox, resolved: !M.isOpen(entry) });
    const params = new URLSearchParams(location.search);
    params.set("field", entry.path);
    history.replaceState(null, "", location.pathname + "?" + params.toString());
    if (focus === "panel") {
      state.focus = "panel";
      $("field-input").focus();
      $("field-input").select();
    } else if (focus === "cell") {
      const area = document.querySelector(`.cell-input[data-path="${entry.path}"]`);
      (area || $("field-input")).focus();
    }
  }

  /* Keep typing where the reviewer types: in the table when the next field is a table cell too. */
  function focusFor(index) {
    const entry = state.fields[(index + state.fields.length) % state.fields.length];
    return state.focus === "cell" && entry && entry.row !== undefined ? "cell" : "panel";
  }

  const moveBy = (step) => select(state.index + step, focusFor(state.index + step));

  /* The next still-open uncertain field after (or before) the current one, wrapping around. */
  function nextOpen(step) {
    const n = state.fields.length;
    for (let k = 1; k <= n; k++) {
      const index = (state.index + step * k + n * k) % n;
      if (M.isOpen(state.fields[index])) return index;
    }
    return -1;
  }

  function gotoOpen(step) {
    const index = nextOpen(step);
    if (index >= 0) select(index, focusFor(index));
  }

  /* After a save: the next open field; none left, the first table still doubted; nothing left, the
   * next agreement (its link takes the focus, so Enter goes on). */
  function goOn(path) {
    const after = state.fields.findIndex((e) => e.path === path);
    state.index = after >= 0 ? after : Math.min(state.index, state.fields.length - 1);
    const next = nextOpen(1);
    if (next >= 0 || (state.fields[state.index] && M.isOpen(state.fields[state.index]))) {
      select(next >= 0 ? next : state.index, focusFor(next >= 0 ? next : state.index));
    } else if (openTables().length) {
      select(state.index, null);
      fieldMessage(PK.t("tables_left"), "error");
      const check = document.querySelector('.notice-open [data-action="check"]');
      if (check) check.focus();
    } else {
      select(state.index, null);
      offerNextAgreement();
    }
  }

  /* ---------- saving ---------- */

  function act() {
    const entry = current();
    if (!entry) return;
    if (!state.canEdit) return fieldMessage(PK.t("forbidden"), "error");
    if (entry.field.placeholder && entry.row !== undefined && state.adding[entry.group]) return saveNewRow(entry.group);
    const draft = draftOf(entry);
    if (entry.field.placeholder && draft.trim() === "") return fieldMessage(PK.t("type_to_add"), "error");
    if (draft !== M.valueText(entry.field, entry.path)) {
      return send({ changes: [{ path: entry.path, value: M.typedValue(entry.path, draft) }] },
        { message: "saved_correction", paths: [entry.path], then: () => goOn(entry.path) });
    }
    if (!M.isOpen(entry) && M.fieldStatus(entry.field) !== "extracted") {
      fieldMessage(PK.t("already_done"));
      const next = nextOpen(1);
      if (next >= 0) select(next, focusFor(next));
      return undefined;
    }
    return send({ confirmations: [entry.path] }, { message: "saved_confirmation", paths: [entry.path], then: () => goOn(entry.path) });
  }

  function saveNewRow(group) {
    const cells = state.fields.filter((e) => e.group === group && e.field.placeholder);
    const changes = cells.filter((e) => draftOf(e).trim() !== "").map((e) => ({ path: e.path, value: M.typedValue(e.path, draftOf(e)) }));
    if (!changes.length) return fieldMessage(PK.t("type_to_add"), "error");
    return send({ changes }, {
      message: "row_saved", paths: cells.map((e) => e.path),
      before: () => { state.adding[group] = false; },
      then: () => {
        select(Math.max(0, state.fields.findIndex((e) => e.path === changes[0].path)), null);
        const add = document.querySelector(`[data-add-row="${group}"]`);
        if (add) add.focus();
      },
    });
  }

  function confirmEntries(entries) {
    if (!entries.length) return undefined;
    const path = current() && current().path;
    return send({ confirmations: entries.map((e) => e.path) }, {
      message: "confirmed_many", n: entries.length, then: () => goOn(path) });
  }

  function rowAction(kind, rowPath) {
    const path = current() && current().path;
    return send({ [kind]: [rowPath] }, {
      message: kind === "removals" ? "row_removed" : "row_restored",
      then: () => goOn(path && !path.startsWith(rowPath + ".") ? path : null),
    });
  }

  function checkTable(key) {
    const path = current() && current().path;
    return send({ checks: [key] }, { message: "table_checked", then: () => goOn(path) });
  }

  function undoLast() {
    if (!state.lastBatch) return undefined;
    const path = current() && current().path;
    return send({ undo: [state.lastBatch] }, { message: "undone", undo: true, then: () => goOn(path) });
  }

  function adopt(record, headers) {
    state.record = record;
    const etag = headers && headers.get("ETag");
    state.version = record.version ?? (etag ? etag.replace(/^W\//, "").replace(/"/g, "") : null);
    state.fields = M.flatten(record.agreement, state.adding);
    for (const entry of state.fields) {
      if (drafts.has(entry.path) && drafts.get(entry.path) === M.valueText(entry.field, entry.path)) drafts.delete(entry.path);
    }
    renderAll();
  }

  async function loadHistory() {
    const result = await PK.api(`/agreements/${encodeURIComponent(state.id)}/history`);
    const items = result.ok ? result.data.items || [] : [];
    if (result.ok) P.renderHistory(items);
    return items;
  }

  async function reload() {
    const path = current() && current().path;
    const result = await PK.api(`/agreements/${encodeURIComponent(state.id)}`);
    if (!result.ok) {
      const banner = $("review-error");
      banner.textContent = result.status === 404 ? PK.t("not_found") : PK.t("load_error", { message: PK.errorMessage(result) });
      banner.hidden = false;
      return false;
    }
    state.stale = false;
    $("stale-banner").hidden = true;
    adopt(result.data, result.headers);
    const wanted = path || new URLSearchParams(location.search).get("field");
    let index = state.fields.findIndex((e) => e.path === wanted);
    if (index < 0) index = state.fields.findIndex(M.isOpen);
    state.index = Math.max(0, index);
    await loadHistory();
    return true;
  }

  function escape(target) {
    const entry = current();
    if (entry && drafts.has(entry.path)) {
      drafts.delete(entry.path);
      target.value = M.valueText(entry.field, entry.path);
      syncPanel();
    } else if (entry && entry.field.placeholder && state.adding[entry.group]) {
      state.adding[entry.group] = false;
      adopt(state.record, null);
      select(0, "panel");
    } else {
      target.blur();
    }
  }

  const send = (body, opts) => PK.reviewSave.send(ctx, body, opts);
  const offerNextAgreement = () => PK.reviewSave.offerNextAgreement(ctx);

  const ctx = {
    state, drafts, draftOf, onDraft, select, moveBy, gotoOpen, act, escape, saveNewRow, confirmEntries, rowAction,
    checkTable, undoLast, reload, syncPanel, fieldMessage, adopt, loadHistory,
    nextAgreement: () => PK.reviewSave.nextAgreement(ctx),
    startRow(group) {
      state.adding[group] = true;
      const path = current() && current().path;
      state.fields = M.flatten(state.record.agreement, state.adding);
      state.index = Math.max(0, state.fields.findIndex((e) => e.path === path));
      T.renderTables(ctx);
      const first = state.fields.findIndex((e) => e.group === group && e.field.placeholder);
      if (first >= 0) select(first, "cell");
    },
    showTable(review) {
      if (state.viewer) state.viewer.showRegion({ page: review.page, bbox: review.region });
    },
  };
  PK.review = ctx;

  document.addEventListener("DOMContentLoaded", () => {
    PK.reviewKeys.install(ctx);
    $("field-input").addEventListener("input", (event) => { if (current()) onDraft(current(), event.target.value); });
    $("field-input").addEventListener("focus", () => { state.focus = "panel"; });
    $("btn-confirm").addEventListener("click", act);
    $("btn-save").addEventListener("click", act);
    $("btn-skip").addEventListener("click", () => gotoOpen(1));
    $("btn-confirm-row").addEventListener("click", () => {
      const entry = current();
      confirmEntries(T.confirmable(ctx, state.fields.filter((e) => e.group === entry.group && e.row === entry.row)));
    });
    $("btn-confirm-all").addEventListener("click", () => confirmEntries(T.confirmable(ctx, state.fields)));
    $("btn-undo").addEventListener("click", undoLast);
    PK.reviewStart(ctx);
  });
})();
