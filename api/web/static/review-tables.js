/* The review view's tables and whole-table notices: target and program rows as editable cells, a row
 * added cell by cell (Tab between its cells, Enter saves the row), a row removed or restored, the rest of
 * a row or table confirmed in one save; and a notice for each doubted table (table_doubt,
 * targets_missing) with its page, its region, "add the rows this table is missing" and "table checked".
 * `ctx` is the review controller (review.js): its state and the saves it makes. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const M = PK.model;

  function autoGrow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  function cell(ctx, entry) {
    if (!entry) return PK.el("td", { class: "muted" });
    const state = ctx.state;
    const index = state.fields.indexOf(entry);
    const status = M.fieldStatus(entry.field);
    const input = PK.el("textarea", {
      class: "cell-input", rows: 1, spellcheck: "false", "data-path": entry.path,
      readonly: !state.canEdit || undefined, "aria-label": PK.pathLabel(entry.path),
    });
    input.value = ctx.draftOf(entry);
    input.addEventListener("focus", () => {
      state.focus = "cell";
      if (state.index !== state.fields.indexOf(entry)) ctx.select(state.fields.indexOf(entry), null);
    });
    input.addEventListener("input", () => {
      ctx.onDraft(entry, input.value);
      autoGrow(input);
    });
    return PK.el("td", {
      class: ["cell", "status-" + status, M.isOpen(entry) ? "open" : "", index === state.index ? "current" : "",
        entry.field.placeholder ? "placeholder" : "", ctx.drafts.has(entry.path) ? "drafted" : ""].join(" "),
      title: PK.reasonList(entry.field.reasons).join("\n") || null,
    }, input);
  }

  /* Fields of these entries still flagged with nothing typed over them: what a batch confirm confirms. */
  function confirmable(ctx, entries) {
    return entries.filter((e) => M.isOpen(e) && !ctx.drafts.has(e.path) && !e.field.placeholder);
  }

  function rowActions(ctx, group, key, i, rowEntries, isNew) {
    const state = ctx.state;
    if (!state.canEdit) return PK.el("td", { class: "row-actions" });
    if (isNew) {
      return PK.el("td", { class: "row-actions" }, PK.el("button", {
        type: "button", class: "btn btn-small btn-primary", "data-save-row": group,
        onclick: () => ctx.saveNewRow(group),
      }, PK.t("save")));
    }
    const open = confirmable(ctx, rowEntries);
    return PK.el("td", { class: "row-actions" },
      open.length ? PK.el("button", {
        type: "button", class: "btn btn-small btn-ghost", title: PK.t("confirm_row"),
        "aria-label": PK.t("confirm_row") + " " + (i + 1), "data-confirm-row": `${key}.${i}`,
        onclick: () => ctx.confirmEntries(open),
      }, "✓") : null,
      PK.el("button", {
        type: "button", class: "btn btn-small btn-ghost btn-remove", title: PK.t("remove_row"),
        "aria-label": PK.t("remove_row") + " " + (i + 1), "data-remove-row": `${key}.${i}`,
        onclick: () => ctx.rowAction("removals", `${key}.${i}`),
      }, "×"));
  }

  function removedRow(ctx, key, i, row, span) {
    const named = key === "performance_targets" ? row.indicator : row.name;
    return PK.el("tr", { class: "removed-row", dataset: { row: `${key}.${i}` } },
      PK.el("td", { class: "num muted", text: i + 1 }),
      PK.el("td", { colspan: span },
        PK.el("del", { text: named && named.value ? String(named.value) : PK.t("empty_value") }),
        PK.el("span", { class: "muted small", text: " · " + PK.t("removed_by", { who: row.removed_by || "?" }) })),
      PK.el("td", { class: "row-actions" }, ctx.state.canEdit ? PK.el("button", {
        type: "button", class: "btn btn-small", "data-restore-row": `${key}.${i}`,
        onclick: () => ctx.rowAction("restorations", `${key}.${i}`),
      }, PK.t("restore_row")) : null));
  }

  function renderTable(ctx, group, key, columns) {
    const state = ctx.state;
    const table = $(group + "-table");
    table.replaceChildren();
    const rows = state.record.agreement[key] || [];
    const entries = state.fields.filter((e) => e.group === group);
    const rowCount = Math.max(rows.length, ...entries.map((e) => e.row + 1));
    const open = confirmable(ctx, entries);
    const caption = state.canEdit ? PK.el("caption", {},
      state.adding[group] ? null : PK.el("button", {
        type: "button", class: "btn btn-small btn-ghost", "data-add-row": group, onclick: () => ctx.startRow(group),
      }, "+ " + PK.t("add_row")),
      open.length ? PK.el("button", {
        type: "button", class: "btn btn-small btn-ghost", "data-confirm-table": group,
        onclick: () => ctx.confirmEntries(open),
      }, "✓ " + PK.t("confirm_table", { n: open.length })) : null) : null;
    if (!rowCount) {
      table.append(PK.el("tbody", {}, PK.el("tr", {}, PK.el("td", { class: "muted", text: PK.t(group + "_empty") }))));
      if (caption) table.append(caption);
      return;
    }
    table.append(PK.el("thead", {}, PK.el("tr", {}, PK.el("th", { class: "num", text: "#" }),
      ...columns.map((c) => PK.el("th", { class: "col-" + c, text: PK.labels[c] || c })), PK.el("th"))));
    const body = PK.el("tbody");
    for (let i = 0; i < rowCount; i++) {
      const row = rows[i] || {};
      if (row.removed) {
        body.append(removedRow(ctx, key, i, row, columns.length));
        continue;
      }
      const rowEntries = entries.filter((e) => e.row === i);
      const byCol = (c) => rowEntries.find((e) => e.path === `${key}.${i}.${c}`);
      body.append(PK.el("tr", { dataset: { row: `${key}.${i}` } }, PK.el("td", { class: "num muted", text: i + 1 }),
        ...columns.map((c) => cell(ctx, byCol(c))), rowActions(ctx, group, key, i, rowEntries, i >= rows.length)));
    }
    table.append(body);
    if (caption) table.append(caption);
    for (const area of table.querySelectorAll("textarea")) autoGrow(area);
  }

  function renderTables(ctx) {
    for (const [group, key, columns] of M.TABLES) renderTable(ctx, group, key, columns);
  }

  /* One notice per whole-table doubt on the agreement's pages: open ones first, checked ones quiet. */
  function renderNotices(ctx) {
    const box = $("table-notices");
    box.replaceChildren();
    const reviews = [...(ctx.state.record.tables || [])].sort((a, b) => (a.status === "open" ? 0 : 1) - (b.status === "open" ? 0 : 1));
    for (const review of reviews) {
      const open = review.status === "open";
      const buttons = [PK.el("button", {
        type: "button", class: "btn btn-small", "data-action": "show", onclick: () => ctx.showTable(review),
      }, PK.t("notice_show_page", { n: review.page ?? "–" }))];
      if (open && ctx.state.canEdit) {
        for (const list of review.tables || []) {
          buttons.push(PK.el("button", {
            type: "button", class: "btn btn-small", "data-action": "add", "data-table": list,
            onclick: () => ctx.startRow(M.GROUP_OF[list]),
          }, "+ " + PK.t("notice_add_" + list)));
        }
        buttons.push(PK.el("button", {
          type: "button", class: "btn btn-small btn-primary", "data-action": "check",
          onclick: () => ctx.checkTable(review.key),
        }, "✓ " + PK.t("notice_check")));
      }
      box.append(PK.el("div", {
        class: "notice " + (open ? "notice-open" : "notice-checked"), role: open ? "alert" : null,
        dataset: { key: review.key, code: review.code, status: review.status },
      },
      PK.el("div", { class: "notice-text" },
        PK.el("strong", { text: M.problemText(review) }),
        open ? null : PK.el("span", { class: "muted small", text: " · " + PK.t("notice_checked_by", {
          who: review.checked_by || "?", when: PK.formatTime(review.checked_at) }) })),
      PK.el("div", { class: "notice-actions" }, ...buttons)));
    }
    box.hidden = !reviews.length;
  }

  PK.reviewTables = { renderTables, renderNotices, confirmable, autoGrow };
})();
