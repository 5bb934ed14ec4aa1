/* The review view's reading parts: the header's progress, the current field's card (value, raw
 * reading, confidence coloured by the flag, reasons, and what it was flagged for once handled), the
 * NIP broken into its parts, the field list and the change history. `ctx` is the review controller. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const M = PK.model;

  function statusChip(node, entry) {
    const open = M.isOpen(entry);
    const status = M.fieldStatus(entry.field);
    node.className = "chip chip-" + (open ? "review" : status);
    node.textContent = open ? PK.t("needs_review") : PK.t("status_" + status);
  }

  function openTables(ctx) {
    return (ctx.state.record.tables || []).filter((t) => t.status === "open").length;
  }

  function renderHeader(ctx) {
    const state = ctx.state;
    const a = state.record.agreement;
    const title = (a.organization && a.organization.value) || (a.government && a.government.value) || PK.t("review_title");
    $("agreement-title").textContent = title;
    const parts = [a.government && a.government.value, a.year && a.year.value,
      state.doc ? state.doc.filename : null].filter(Boolean);
    $("agreement-subtitle").textContent = parts.join(" · ");
    $("version-chip").textContent = PK.t("version", { version: state.version });
    const tables = (state.record.tables || []).length;
    const open = state.fields.filter(M.isOpen).length + openTables(ctx);
    const total = open + state.fields.filter(M.isReviewed).length + tables - openTables(ctx);
    $("open-count").textContent = open ? PK.t("open_count", { open, total }) : PK.t("all_done");
    $("open-bar").style.width = (total ? Math.round(100 * (total - open) / total) : 100) + "%";
    document.body.dataset.open = String(open);
  }

  function marker(entry) {
    const status = M.fieldStatus(entry.field);
    if (M.isOpen(entry)) return PK.el("span", { class: "mark mark-review", title: PK.t("needs_review"), text: "!" });
    if (status === "confirmed") return PK.el("span", { class: "mark mark-confirmed", title: PK.t("status_confirmed"), text: "✓" });
    if (status === "corrected") return PK.el("span", { class: "mark mark-corrected", title: PK.t("status_corrected"), text: "✎" });
    return PK.el("span", { class: "mark" });
  }

  function renderFieldList(ctx) {
    const state = ctx.state;
    const list = $("field-list");
    list.replaceChildren();
    for (const [group] of M.SCALAR_GROUPS) {
      const entries = state.fields.filter((e) => e.group === group);
      if (!entries.length) continue;
      const rows = entries.map((entry) => {
        const index = state.fields.indexOf(entry);
        return PK.el("button", {
          type: "button", tabindex: "-1",
          class: "field-row" + (index === state.index ? " current" : "") + (M.isOpen(entry) ? " open" : ""),
          dataset: { path: entry.path, status: M.fieldStatus(entry.field) },
          onclick: () => ctx.select(index, "panel"),
        }, marker(entry),
        PK.el("span", { class: "field-row-label", text: PK.labels[M.leafName(entry.path)] || entry.path }),
        PK.el("span", { class: "field-row-value", text: PK.formatValue(entry.field.value) }));
      });
      list.append(PK.el("div", { class: "field-group" }, PK.el("h3", { text: PK.t("group_" + group) }), ...rows));
    }
  }

  /* A table cell's row named by its indicator or program, so the reviewer knows which row this is. */
  function rowContext(ctx, entry) {
    if (entry.row === undefined) return "";
    const agreement = ctx.state.record.agreement;
    const row = (entry.group === "targets" ? agreement.performance_targets : agreement.programs)[entry.row] || {};
    const named = entry.group === "targets" ? row.indicator : row.name;
    return named && named.value ? String(named.value) : "";
  }

  function renderField(ctx, entry) {
    const card = $("field-card");
    card.hidden = !entry;
    if (!entry) return;
    const f = entry.field;
    card.dataset.path = entry.path;
    $("field-group").textContent = PK.t("group_" + entry.group);
    const leafLabel = PK.labels[M.leafName(entry.path)] || entry.path;
    $("field-label").textContent = entry.row === undefined ? leafLabel : PK.t("row", { n: entry.row + 1 }) + " · " + leafLabel;
    $("field-path").textContent = entry.path;
    $("field-context").textContent = rowContext(ctx, entry);
    statusChip($("field-status"), entry);
    $("field-input").readOnly = !ctx.state.canEdit;
    $("field-raw").textContent = f.raw == null || f.raw === "" ? PK.t("empty_value") : f.raw;
    const conf = Math.max(0, Math.min(1, f.confidence || 0));
    $("field-conf").textContent = PK.percent(conf);
    const bar = $("field-conf-bar");
    bar.style.width = Math.round(conf * 100) + "%";
    bar.className = M.confidenceClass(f);
    $("field-page").textContent = f.page ? String(f.page) : "–";
    const reasons = $("field-reasons");
    reasons.replaceChildren();
    for (const sentence of PK.reasonList(f.reasons)) reasons.append(PK.el("li", {}, sentence));
    const before = PK.reasonList(f.flagged_for);
    if (before.length) {
      reasons.append(PK.el("li", { class: "muted flagged-for" }, PK.t("flagged_for") + " " + before.join("; ")));
    }
    if (!reasons.children.length) reasons.append(PK.el("li", { class: "muted", text: PK.t("field_no_reasons") }));
    $("field-changed").textContent = f.changed_by
      ? PK.t("field_changed_by", { who: f.changed_by, when: PK.formatTime(f.changed_at) }) : "";
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

  /* A history path in words: a whole-table check names its table's page. */
  function historyLabel(path) {
    const table = /^tables\.(\w+)\.(\d+)$/.exec(path);
    return table ? PK.t("uncertain_table", { n: table[2] }) : PK.pathLabel(path);
  }

  function historyChange(item) {
    if (item.action === "corrected") {
      return PK.el("span", {}, PK.el("del", { text: PK.formatValue(item.old_value) }), " → ",
        PK.el("ins", { text: PK.formatValue(item.new_value) }));
    }
    if (item.action === "removed") return PK.el("del", { text: PK.formatValue(item.old_value) });
    if (item.action === "undone") return PK.el("span", { class: "muted", text: "↶ " + PK.formatValue(item.old_value) });
    if (item.action === "checked") return PK.el("span", { class: "muted small", text: PK.formatValue(item.old_value) });
    return PK.el("span", { text: PK.formatValue(item.new_value ?? item.old_value) });
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
      body.append(PK.el("tr", { dataset: { path: item.path, action: item.action, batch: item.batch || "" } },
        PK.el("td", { class: "nowrap", text: PK.formatTime(item.at) }),
        PK.el("td", { text: historyLabel(item.path) }),
        PK.el("td", {}, PK.el("span", { class: "chip chip-" + item.action, text: PK.t("action_" + item.action) })),
        PK.el("td", {}, historyChange(item)),
        PK.el("td", { text: item.reviewer || "" }),
        PK.el("td", { class: "num", text: item.version ?? "" })));
    }
    table.append(body);
  }

  PK.reviewPanel = { renderHeader, renderFieldList, renderField, renderNip, renderHistory, historyLabel, openTables };
})();
