/* Review view: the page image with the current field's box, the field's evidence, and the edits.
 * Every change is one PATCH with If-Match; a 409 is shown to the reviewer and never retried blindly. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SCALAR_GROUPS = [
    ["identity", ["year", "is_revision", "document_number", "government", "organization", "sub_unit"]],
    ["first_party", ["first_party.name", "first_party.nip", "first_party.position", "first_party.rank"]],
    ["second_party", ["second_party.name", "second_party.nip", "second_party.position", "second_party.rank"]],
    ["signing", ["signing_place", "signing_date", "total_budget"]],
  ];
  const TARGET_COLUMNS = ["objective", "indicator", "target", "target_value", "unit"];
  const PROGRAM_COLUMNS = ["name", "budget", "note"];
  const TABLES = [["targets", "performance_targets", TARGET_COLUMNS], ["programs", "programs", PROGRAM_COLUMNS]];
  const INT_FIELDS = new Set(["year", "total_budget", "budget"]);
  const FLOAT_FIELDS = new Set(["target_value"]);
  const BOOL_FIELDS = new Set(["is_revision"]);

  const state = {
    id: PK.agreementId, record: null, version: null, doc: null, fields: [], index: 0,
    viewer: null, adding: { targets: false, programs: false }, canEdit: false, stale: false, drafts: {}, busy: false, focus: "panel",
  };

  const leafName = (path) => path.split(".").filter((p) => !/^\d+$/.test(p)).pop();
  const isField = (x) => x && typeof x === "object" && "value" in x && "confidence" in x;
  const fieldStatus = (f) => f.status || "extracted";
  /* The API clears the flag when a person corrects or confirms, and raises it again when a
   * re-extraction disagrees with them, so the flag alone says what is still open. */
  const isOpen = (entry) => Boolean(entry.field.needs_review);
  const isReviewed = (entry) => !isOpen(entry) && fieldStatus(entry.field) !== "extracted";
  const current = () => state.fields[state.index];

  function getAt(obj, path) {
    return path.split(".").reduce((node, key) => (node == null ? undefined : node[key]), obj);
  }

  /* An empty leaf the extractor did not produce (a missing party, a row being added): saving a value
   * into it makes the API create it. */
  const placeholder = () => ({ value: null, raw: null, confidence: 0, needs_review: false, reasons: [],
    page: null, bbox: null, placeholder: true });

  /* The agreement as an ordered list of editable leaves: scalars by group, then table cells row by row. */
  function flatten(agreement) {
    const out = [];
    for (const [group, paths] of SCALAR_GROUPS) {
      for (const path of paths) {
        const field = getAt(agreement, path);
        const partyMissing = path.includes(".") && agreement[path.split(".")[0]] == null;
        if (isField(field)) out.push({ path, group, field });
        else if (partyMissing) out.push({ path, group, field: placeholder() });
      }
    }
    for (const [group, key, columns] of TABLES) {
      const rows = agreement[key] || [];
      const adding = state.adding[group] ? [{}] : [];
      [...rows, ...adding].forEach((row, i) => {
        for (const col of columns) {
          const field = isField(row[col]) ? row[col] : i >= rows.length ? placeholder() : null;
          if (field) out.push({ path: `${key}.${i}.${col}`, group, row: i, field });
        }
        (row.quarterly_targets || []).forEach((field, q) => {
          if (isField(field)) out.push({ path: `${key}.${i}.quarterly_targets.${q}`, group, row: i, field });
        });
      });
    }
    return out;
  }

  const MONEY_FIELDS = new Set(["total_budget", "budget"]);

  /* The value as the reviewer edits it; rupiah amounts grouped with dots as printed in PKs. */
  function valueText(field, path) {
    const v = field.value;
    if (v === null || v === undefined) return "";
    if (path && MONEY_FIELDS.has(leafName(path)) && Number.isInteger(v)) {
      return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    }
    return String(v);
  }

  function draftOf(entry) {
    return entry.path in state.drafts ? state.drafts[entry.path] : valueText(entry.field, entry.path);
  }

  /* What the reviewer typed, as the JSON type of the field; unparsable text goes as typed (the API says why). */
  function typedValue(path, text) {
    const trimmed = text.trim();
    if (trimmed === "") return null;
    const leaf = leafName(path);
    if (INT_FIELDS.has(leaf)) {
      const digits = trimmed.replace(/^rp\.?\s*/i, "").replace(/,\d{1,2}$/, "").replace(/[.\s]/g, "");
      return /^-?\d+$/.test(digits) ? Number(digits) : trimmed;
    }
    if (FLOAT_FIELDS.has(leaf)) {
      const number = Number(trimmed.replace(/\s/g, "").replace(",", "."));
      return Number.isFinite(number) ? number : trimmed;
    }
    if (BOOL_FIELDS.has(leaf)) {
      if (/^(true|ya|yes|1)$/i.test(trimmed)) return true;
      if (/^(false|tidak|no|0)$/i.test(trimmed)) return false;
    }
    return trimmed;
  }

  function showError(message) {
    const banner = $("review-error");
    banner.textContent = message;
    banner.hidden = !message;
  }

  function fieldMessage(message, kind) {
    const node = $("field-message");
    node.textContent = message || "";
    node.className = "form-message" + (kind ? " " + kind : "");
  }

  function statusChip(node, entry) {
    const status = fieldStatus(entry.field);
    const open = isOpen(entry);
    node.className = "chip chip-" + (open ? "review" : status);
    node.textContent = open ? PK.t("needs_review") : PK.t("status_" + status);
  }

  /* ---------- rendering ---------- */

  function renderHeader() {
    const a = state.record.agreement;
    const title = (a.organization && a.organization.value) || (a.government && a.government.value) || PK.t("review_title");
    $("agreement-title").textContent = title;
    const parts = [a.government && a.government.value, a.year && a.year.value,
      state.doc ? state.doc.filename : null].filter(Boolean);
    $("agreement-subtitle").textContent = parts.join(" · ");
    $("version-chip").textContent = PK.t("version", { version: state.version });
    const open = state.fields.filter(isOpen).length;
    const total = open + state.fields.filter(isReviewed).length;
    $("open-count").textContent = open ? PK.t("open_count", { open, total }) : PK.t("all_done");
    $("open-bar").style.width = (total ? Math.round(100 * (total - open) / total) : 100) + "%";
    document.body.dataset.open = String(open);
  }

  function marker(entry) {
    const status = fieldStatus(entry.field);
    if (isOpen(entry)) return PK.el("span", { class: "mark mark-review", title: PK.t("needs_review"), text: "!" });
    if (status === "confirmed") return PK.el("span", { class: "mark mark-confirmed", title: PK.t("status_confirmed"), text: "✓" });
    if (status === "corrected") return PK.el("span", { class: "mark mark-corrected", title: PK.t("status_corrected"), text: "✎" });
    return PK.el("span", { class: "mark" });
  }

  function renderFieldList() {
    const list = $("field-list");
    list.replaceChildren();
    for (const [group] of SCALAR_GROUPS) {
      const entries = state.fields.filter((e) => e.group === group);
      if (!entries.length) continue;
      const rows = entries.map((entry) => {
        const index = state.fields.indexOf(entry);
        return PK.el("button", {
          type: "button", tabindex: "-1",
          class: "field-row" + (index === state.index ? " current" : "") + (isOpen(entry) ? " open" : ""),
          dataset: { path: entry.path, status: fieldStatus(entry.field) },
          onclick: () => select(index, "panel"),
        }, marker(entry),
        PK.el("span", { class: "field-row-label", text: PK.labels[leafName(entry.path)] || entry.path }),
        PK.el("span", { class: "field-row-value", text: PK.formatValue(entry.field.value) }));
      });
      list.append(PK.el("div", { class: "field-group" },
        PK.el("h3", { text: PK.t("group_" + group) }), ...rows));
    }
  }

  function cell(entry) {
    if (!entry) return PK.el("td", { class: "muted" });
    const index = state.fields.indexOf(entry);
    const status = fieldStatus(entry.field);
    const input = PK.el("textarea", {
      class: "cell-input", rows: 1, spellcheck: "false", "data-path": entry.path,
      readonly: !state.canEdit || undefined, "aria-label": PK.pathLabel(entry.path),
    });
    input.value = draftOf(entry);
    input.addEventListener("focus", () => {
      state.focus = "cell";
      if (state.index !== index) select(index, null);
    });
    input.addEventListener("input", () => {
      state.drafts[entry.path] = input.value;
      autoGrow(input);
      if (state.index === index) syncPanel();
    });
    const td = PK.el("td", {
      class: ["cell", "status-" + status, isOpen(entry) ? "open" : "", index === state.index ? "current" : "",
        entry.field.placeholder ? "placeholder" : ""].join(" "),
      title: PK.reasonList(entry.field.reasons).join("\n") || null,
    }, input);
    return td;
  }

  function renderTable(tableId, group, columns, emptyKey) {
    const table = $(tableId);
    table.replaceChildren();
    const entries = state.fields.filter((e) => e.group === group);
    const rowCount = entries.length ? Math.max(...entries.map((e) => e.row)) + 1 : 0;
    const addRow = state.canEdit && !state.adding[group] ? PK.el("caption", {}, PK.el("button", {
      type: "button", class: "btn btn-small btn-ghost", "data-add-row": group, onclick: () => startRow(group),
    }, "+ " + PK.t("add_row"))) : null;
    if (!rowCount) {
      table.append(PK.el("tbody", {}, PK.el("tr", {}, PK.el("td", { class: "muted", text: PK.t(emptyKey) }))));
      if (addRow) table.append(addRow);
      return;
    }
    table.append(PK.el("thead", {}, PK.el("tr", {}, PK.el("th", { class: "num", text: "#" }),
      ...columns.map((c) => PK.el("th", { class: "col-" + c, text: PK.labels[c] || c })))));
    const body = PK.el("tbody");
    for (let i = 0; i < rowCount; i++) {
      const rowEntries = entries.filter((e) => e.row === i);
      const byCol = (c) => rowEntries.find((e) => e.path === `${group === "targets" ? "performance_targets" : "programs"}.${i}.${c}`);
      body.append(PK.el("tr", {}, PK.el("td", { class: "num muted", text: i + 1 }), ...columns.map((c) => cell(byCol(c)))));
    }
    table.append(body);
    if (addRow) table.append(addRow);
    for (const area of table.querySelectorAll("textarea")) autoGrow(area);
  }

  /* An empty row after the last one; its first saved cell creates the row through the API. */
  function startRow(group) {
    state.adding[group] = true;
    const path = current() && current().path;
    state.fields = flatten(state.record.agreement);
    state.index = Math.max(0, state.fields.findIndex((e) => e.path === path));
    renderTables();
    const first = state.fields.findIndex((e) => e.group === group && e.field.placeholder);
    if (first >= 0) select(first, "cell");
  }

  function autoGrow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  function renderTables() {
    renderTable("targets-table", "targets", TARGET_COLUMNS, "targets_empty");
    renderTable("programs-table", "programs", PROGRAM_COLUMNS, "programs_empty");
  }

  /* A table cell's row named by its indicator or program, so the reviewer knows which row this is. */
  function rowContext(entry) {
    if (entry.row === undefined) return "";
    const rows = entry.group === "targets" ? state.record.agreement.performance_targets : state.record.agreement.programs;
    const row = rows[entry.row] || {};
    const named = entry.group === "targets" ? row.indicator : row.name;
    return named && named.value ? String(named.value) : "";
  }

  function renderField() {
    const entry = current();
    const card = $("field-card");
    if (!entry) {
      card.hidden = true;
      return;
    }
    card.hidden = false;
    const f = entry.field;
    card.dataset.path = entry.path;
    $("field-group").textContent = PK.t("group_" + entry.group);
    const leafLabel = PK.labels[leafName(entry.path)] || entry.path;
    $("field-label").textContent = entry.row === undefined ? leafLabel : PK.t("row", { n: entry.row + 1 }) + " · " + leafLabel;
    $("field-path").textContent = entry.path;
    $("field-context").textContent = rowContext(entry);
    statusChip($("field-status"), entry);
    const input = $("field-input");
    input.value = draftOf(entry);
    input.readOnly = !state.canEdit;
    $("field-raw").textContent = f.raw == null || f.raw === "" ? PK.t("empty_value") : f.raw;
    const conf = Math.max(0, Math.min(1, f.confidence || 0));
    $("field-conf").textContent = PK.percent(conf);
    const bar = $("field-conf-bar");
    bar.style.width = Math.round(conf * 100) + "%";
    bar.className = conf < 0.5 ? "low" : conf < 0.8 ? "mid" : "high";
    $("field-page").textContent = f.page ? String(f.page) : "–";
    const reasons = $("field-reasons");
    reasons.replaceChildren();
    for (const sentence of PK.reasonList(f.reasons)) reasons.append(PK.el("li", {}, sentence));
    if (!reasons.children.length) reasons.append(PK.el("li", { class: "muted", text: PK.t("field_no_reasons") }));
    $("field-changed").textContent = f.changed_by
      ? PK.t("field_changed_by", { who: f.changed_by, when: PK.formatTime(f.changed_at) }) : "";
    syncPanel();
  }

  /* A NIP read as its parts (birth date, appointment month, gender, sequence), impossible parts marked,
   * so the reviewer sees which digits are wrong while typing. */
  function renderNip(text) {
    const box = $("nip-breakdown");
    const digits = text.replace(/\D/g, "");
    box.replaceChildren();
    box.hidden = !digits;
    if (!digits) return;
    const part = (label, value, ok) => PK.el("span", { class: "nip-part" + (ok ? "" : " bad") },
      PK.el("small", { text: label }), value);
    if (digits.length !== 18) {
      box.append(part(PK.t("nip_length"), PK.t("nip_digits", { n: digits.length }), false));
      return;
    }
    const [y, m, d] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].map(Number);
    const birth = new Date(Date.UTC(y, m - 1, d));
    const birthOk = y >= 1940 && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
    const tmtYear = Number(digits.slice(8, 12));
    const tmtMonth = Number(digits.slice(12, 14));
    const tmtOk = tmtYear >= 1960 && tmtYear > y && tmtMonth >= 1 && tmtMonth <= 12;
    const gender = digits[14];
    box.append(
      part(PK.t("nip_birth"), `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`, birthOk),
      part(PK.t("nip_tmt"), `${digits.slice(8, 12)}-${digits.slice(12, 14)}`, tmtOk),
      part(PK.t("nip_gender"), gender === "1" ? PK.t("male") : gender === "2" ? PK.t("female") : gender,
        gender === "1" || gender === "2"),
      part(PK.t("nip_sequence"), digits.slice(15), digits.slice(15) !== "000"));
  }

  /* Buttons follow the draft: an unchanged value is confirmed, a changed one saved as a correction. */
  function syncPanel() {
    const entry = current();
    if (!entry) return;
    const input = $("field-input");
    const draft = draftOf(entry);
    if (document.activeElement !== input) input.value = draft;
    const changed = draft !== valueText(entry.field, entry.path);
    if (leafName(entry.path) === "nip") renderNip(draft);
    else $("nip-breakdown").hidden = true;
    input.classList.toggle("changed", changed);
    $("btn-save").hidden = !changed || !state.canEdit;
    $("btn-confirm").hidden = changed || !state.canEdit;
    $("btn-confirm").disabled = state.stale || state.busy;
    $("btn-save").disabled = state.stale || state.busy;
    const area = document.querySelector(`.cell-input[data-path="${entry.path}"]`);
    if (area && document.activeElement !== area) {
      area.value = draft;
      autoGrow(area);
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

  function renderHistory(items) {
    const table = $("history-table");
    table.replaceChildren();
    if (!items.length) {
      table.append(PK.el("tbody", {}, PK.el("tr", {}, PK.el("td", { class: "muted", text: PK.t("history_empty") }))));
      return;
    }
    table.append(PK.el("thead", {}, PK.el("tr", {},
      ...["col_when", "col_field", "col_action", "col_change", "col_reviewer"].map((k) => PK.el("th", { text: PK.t(k) })),
      PK.el("th", { class: "num", text: "v" }))));
    const sorted = [...items].sort((a, b) => (b.version || 0) - (a.version || 0) || String(b.at).localeCompare(String(a.at)));
    const body = PK.el("tbody");
    for (const item of sorted) {
      const change = item.action === "corrected"
        ? PK.el("span", {}, PK.el("del", { text: PK.formatValue(item.old_value) }), " → ",
          PK.el("ins", { text: PK.formatValue(item.new_value) }))
        : PK.el("span", { text: PK.formatValue(item.new_value ?? item.old_value) });
      body.append(PK.el("tr", { dataset: { path: item.path, action: item.action } },
        PK.el("td", { class: "nowrap", text: PK.formatTime(item.at) }),
        PK.el("td", { text: PK.pathLabel(item.path) }),
        PK.el("td", {}, PK.el("span", { class: "chip chip-" + item.action, text: PK.t("action_" + item.action) })),
        PK.el("td", {}, change),
        PK.el("td", { text: item.reviewer || "" }),
        PK.el("td", { class: "num", text: item.version ?? "" })));
    }
    table.append(body);
  }

  /* ---------- navigation ---------- */

  function select(index, focus) {
    if (!state.fields.length) return;
    state.index = (index + state.fields.length) % state.fields.length;
    fieldMessage("");
    renderField();
    markCurrent();
    const entry = current();
    if (state.viewer) {
      const { page, bbox } = entry.field;
      state.viewer.focus({ path: entry.path, page, bbox, resolved: !isOpen(entry) });
    }
    const params = new URLSearchParams(location.search);
    params.set("field", entry.path);
    history.replaceState(null, "", location.pathname + "?" + params.toString());
    if (focus === "panel") {
      state.focus = "panel";
      $("field-input").focus();
      $("field-input").select();
    } else if (focus === "cell") {
      const area = document.querySelector(`.cell-input[data-path="${entry.path}"]`);
      if (area) area.focus(); else $("field-input").focus();
    }
  }

  /* Keep typing where the reviewer types: in the table when the next field is a table cell too. */
  function focusFor(index) {
    const entry = state.fields[(index + state.fields.length) % state.fields.length];
    return state.focus === "cell" && entry && entry.row !== undefined ? "cell" : "panel";
  }

  function moveBy(step) {
    select(state.index + step, focusFor(state.index + step));
  }

  /* The next still-open uncertain field after (or before) the current one, wrapping around. */
  function nextOpen(step) {
    const n = state.fields.length;
    for (let k = 1; k <= n; k++) {
      const index = (state.index + step * k + n * k) % n;
      if (isOpen(state.fields[index])) return index;
    }
    return -1;
  }

  function gotoOpen(step) {
    const index = nextOpen(step);
    if (index >= 0) select(index, focusFor(index));
  }

  /* ---------- saving ---------- */

  function act() {
    const entry = current();
    if (!entry) return;
    if (!state.canEdit) {
      fieldMessage(PK.t("forbidden"), "error");
      return;
    }
    const draft = draftOf(entry);
    if (entry.field.placeholder && draft.trim() === "") {
      fieldMessage(PK.t("type_to_add"), "error");
      return;
    }
    if (draft !== valueText(entry.field, entry.path)) {
      send({ changes: [{ path: entry.path, value: typedValue(entry.path, draft) }], confirmations: [] }, "correction", draft);
    } else {
      send({ changes: [], confirmations: [entry.path] }, "confirmation", draft);
    }
  }

  async function send(body, kind, shown) {
    if (state.busy) return;
    const entry = current();
    if (state.stale) {
      showStale(entry, shown);
      return;
    }
    state.busy = true;
    syncPanel();
    fieldMessage(PK.t("saving"));
    let result;
    try {
      result = await PK.api(`/agreements/${encodeURIComponent(state.id)}`, {
        method: "PATCH", body, headers: { "If-Match": `"${state.version}"` },
      });
    } catch (error) {
      state.busy = false;
      fieldMessage(String(error.message || error), "error");
      syncPanel();
      return;
    }
    state.busy = false;
    if (result.status === 409) {
      showStale(entry, shown);
    } else if (result.status === 422 || result.status === 400) {
      fieldMessage(PK.t("invalid_value", { message: PK.errorMessage(result) }), "error");
    } else if (result.status === 403) {
      state.canEdit = false;
      PK.setRole(false);
      fieldMessage(PK.t("forbidden"), "error");
    } else if (!result.ok) {
      fieldMessage(PK.errorMessage(result), "error");
    } else {
      delete state.drafts[entry.path];
      if (entry.field.placeholder && entry.row !== undefined) state.adding[entry.group] = false;
      adopt(result.data, result.headers);
      const message = kind === "correction" ? "saved_correction" : "saved_confirmation";
      PK.toast(PK.t(message, { version: state.version }), "ok");
      loadHistory();
      if (!state.fields.some(isOpen)) offerNextAgreement();
      const after = state.fields.findIndex((e) => e.path === entry.path);
      state.index = after >= 0 ? after : 0;
      const next = nextOpen(1);
      select(next >= 0 ? next : state.index, focusFor(next >= 0 ? next : state.index));
      fieldMessage(PK.t(message, { version: state.version }), "ok");
      return;
    }
    syncPanel();
  }

  /* When this agreement is done, point at the next one that still needs a person. */
  async function offerNextAgreement() {
    $("done-banner").hidden = false;
    const link = $("next-agreement");
    link.hidden = true;
    const result = await PK.api("/agreements?needs_review=true&limit=5");
    const next = result.ok ? result.data.items.find((a) => String(a.id) !== String(state.id)) : null;
    link.hidden = !next;
    if (next) {
      link.href = "/review/agreements/" + encodeURIComponent(next.id);
      link.textContent = PK.t("next_agreement", { name: next.organization || "#" + next.id }) + " ›";
    }
  }

  function showStale(entry, shown) {
    state.stale = true;
    const banner = $("stale-banner");
    banner.querySelector('[data-role="body"]').textContent = PK.t("stale_body", {
      mine: state.version, change: PK.pathLabel(entry.path) + " = “" + shown + "”",
    });
    banner.hidden = false;
    syncPanel();
    $("stale-reload").focus();
  }

  function adopt(record, headers) {
    state.record = record;
    const etag = headers && headers.get("ETag");
    state.version = record.version ?? (etag ? etag.replace(/^W\//, "").replace(/"/g, "") : null);
    state.fields = flatten(record.agreement);
    renderHeader();
    renderFieldList();
    renderTables();
  }

  async function loadHistory() {
    const result = await PK.api(`/agreements/${encodeURIComponent(state.id)}/history`);
    if (result.ok) renderHistory(result.data.items || []);
  }

  async function reload() {
    const path = current() && current().path;
    const result = await PK.api(`/agreements/${encodeURIComponent(state.id)}`);
    if (!result.ok) {
      showError(result.status === 404 ? PK.t("not_found") : PK.t("load_error", { message: PK.errorMessage(result) }));
      return false;
    }
    state.stale = false;
    state.drafts = {};
    $("stale-banner").hidden = true;
    adopt(result.data, result.headers);
    const wanted = path || new URLSearchParams(location.search).get("field");
    let index = state.fields.findIndex((e) => e.path === wanted);
    if (index < 0) index = state.fields.findIndex(isOpen);
    state.index = Math.max(0, index);
    await loadHistory();
    return true;
  }

  /* A PATCH without If-Match is refused before it changes anything: 403 for viewers, 428 otherwise. */
  async function probeRole() {
    const result = await PK.api(`/agreements/${encodeURIComponent(state.id)}`, {
      method: "PATCH", body: { changes: [], confirmations: [] },
    });
    return result.status !== 403;
  }

  /* ---------- wiring ---------- */

  function onKey(event) {
    const target = event.target;
    const inEditor = target.matches && target.matches("#field-input, .cell-input");
    const free = target === document.body || inEditor;
    if (!free || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      act();
    } else if (event.key === "Tab") {
      event.preventDefault();
      moveBy(event.shiftKey ? -1 : 1);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      gotoOpen(event.key === "ArrowDown" ? 1 : -1);
    } else if ((event.key === "PageDown" || event.key === "PageUp") && state.viewer) {
      event.preventDefault();
      state.viewer.show(state.viewer.page + (event.key === "PageDown" ? 1 : -1));
    } else if (event.key === "Escape" && inEditor) {
      event.preventDefault();
      delete state.drafts[current().path];
      target.value = valueText(current().field, current().path);
      syncPanel();
    }
  }

  async function start() {
    if (!PK.auth.token()) return;
    let ok;
    try {
      ok = await reload();
    } catch (error) {
      showError(PK.t("load_error", { message: error.message }));
      return;
    }
    if (!ok) return;
    const [canEdit, docResult] = await Promise.all([
      probeRole(), PK.api(`/documents/${encodeURIComponent(state.record.document_id)}`),
    ]);
    state.canEdit = canEdit;
    PK.setRole(canEdit);
    $("readonly-banner").hidden = canEdit;
    $("actions").hidden = !canEdit;
    state.doc = docResult.ok ? docResult.data : null;
    renderHeader();
    renderTables();
    const pageSizes = {};
    for (const info of (state.doc && state.doc.pages) || []) pageSizes[info.number] = info;
    const pages = state.record.agreement.pages || [];
    state.viewer = new PK.PageViewer({
      documentId: state.record.document_id, pages, pageCount: state.doc && state.doc.page_count, pageSizes,
    });
    const first = state.fields[state.index];
    await state.viewer.show((first && first.field.page) || pages[0] || 1);
    select(state.index, "panel");
    document.body.dataset.loaded = "true";
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.addEventListener("keydown", onKey);
    $("field-input").addEventListener("input", (event) => {
      const entry = current();
      if (!entry) return;
      state.drafts[entry.path] = event.target.value;
      syncPanel();
    });
    $("field-input").addEventListener("focus", () => { state.focus = "panel"; });
    $("btn-confirm").addEventListener("click", act);
    $("btn-save").addEventListener("click", act);
    $("btn-skip").addEventListener("click", () => gotoOpen(1));
    $("stale-reload").addEventListener("click", async () => {
      if (await reload()) select(state.index, "panel");
    });
    start();
  });
})();
