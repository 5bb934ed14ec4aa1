/* The review view's model of an agreement, without the DOM: its fields in review order, what is still
 * open, and values as typed and as stored. Shared by review.js, review-tables.js and review-keys.js. */
"use strict";

(function () {
  const SCALAR_GROUPS = [
    ["identity", ["year", "is_revision", "document_number", "government", "organization", "sub_unit"]],
    ["first_party", ["first_party.name", "first_party.nip", "first_party.position", "first_party.rank"]],
    ["second_party", ["second_party.name", "second_party.nip", "second_party.position", "second_party.rank"]],
    ["signing", ["signing_place", "signing_date", "total_budget"]],
  ];
  const TARGET_COLUMNS = ["objective", "indicator", "target", "target_value", "unit"];
  const PROGRAM_COLUMNS = ["name", "budget", "note"];
  const TABLES = [["targets", "performance_targets", TARGET_COLUMNS], ["programs", "programs", PROGRAM_COLUMNS]];
  const LIST_OF = { targets: "performance_targets", programs: "programs" };
  const GROUP_OF = { performance_targets: "targets", programs: "programs" };
  const INT_FIELDS = new Set(["year", "total_budget", "budget"]);
  const FLOAT_FIELDS = new Set(["target_value"]);
  const BOOL_FIELDS = new Set(["is_revision"]);
  const MONEY_FIELDS = new Set(["total_budget", "budget"]);

  const leafName = (path) => path.split(".").filter((p) => !/^\d+$/.test(p)).pop();
  const isField = (x) => x && typeof x === "object" && "value" in x && "confidence" in x;
  const fieldStatus = (f) => f.status || "extracted";
  /* The API clears the flag when a person corrects or confirms, and raises it again when a
   * re-extraction disagrees with them, so the flag alone says what is still open. */
  const isOpen = (entry) => Boolean(entry.field.needs_review);
  const isReviewed = (entry) => !isOpen(entry) && fieldStatus(entry.field) !== "extracted";

  function getAt(obj, path) {
    return path.split(".").reduce((node, key) => (node == null ? undefined : node[key]), obj);
  }

  /* An empty leaf the extractor did not produce (a missing party, a row being added): saving a value
   * into it makes the API create it. */
  const placeholder = () => ({ value: null, raw: null, confidence: 0, needs_review: false, reasons: [],
    page: null, bbox: null, placeholder: true });

  /* The agreement as an ordered list of editable leaves: scalars by group, then table cells row by row.
   * Rows a person removed are left out (the tables show them apart, to restore). `adding` names the
   * groups with a new row being typed. */
  function flatten(agreement, adding) {
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
      const extra = adding && adding[group] ? [{}] : [];
      [...rows, ...extra].forEach((row, i) => {
        if (row.removed) return;
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

  /* The value as the reviewer edits it; rupiah amounts grouped with dots as printed in PKs. */
  function valueText(field, path) {
    const v = field.value;
    if (v === null || v === undefined) return "";
    if (path && MONEY_FIELDS.has(leafName(path)) && Number.isInteger(v)) {
      return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    }
    return String(v);
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

  /* "performance_targets.3" for a cell entry (the row a removal or a batch names). */
  const rowPath = (entry) => `${LIST_OF[entry.group]}.${entry.row}`;

  /* The colour class of a confidence bar: it follows the flag, never the number alone, so a flagged
   * field is never green (the review threshold sits near 0.97). */
  function confidenceClass(field) {
    if (field.needs_review) return (field.confidence || 0) < 0.5 ? "low" : "mid";
    return fieldStatus(field) === "extracted" ? "high" : "done";
  }

  /* A whole-table problem in words: its sentence, then why the table is doubted. */
  function problemText(review) {
    const head = (PK.problems[review.code] || review.message || review.code).split("{page}").join(review.page ?? "–");
    const why = (review.details || []).map((d) => PK.problems[d]).filter(Boolean);
    return why.length ? head + " (" + why.join("; ") + ")" : head;
  }

  PK.model = {
    SCALAR_GROUPS, TARGET_COLUMNS, PROGRAM_COLUMNS, TABLES, LIST_OF, GROUP_OF,
    leafName, isField, fieldStatus, isOpen, isReviewed, getAt, placeholder, flatten, valueText, typedValue,
    rowPath, confidenceClass, problemText,
  };
})();
