/* Shared by every page: strings, the stored token, calls to the JSON API, small DOM helpers. */
"use strict";

(function () {
  const PK = window.PK;
  const TOKEN_KEY = "pk_token";

  const STRINGS = PK.t;
  PK.t = function (key, vars) {
    let text = STRINGS[key] !== undefined ? STRINGS[key] : key;
    for (const [name, value] of Object.entries(vars || {})) text = text.split("{" + name + "}").join(value);
    return text;
  };

  /* A reason code in words: exact entry, else "code:detail" as the code's sentence and the detail. */
  PK.reason = function (code) {
    if (PK.reasons[code]) return PK.reasons[code];
    const [base, ...rest] = String(code).split(":");
    const detail = rest.join(":");
    if (PK.reasons[base]) return detail ? PK.reasons[base] + ": " + detail.replace(/_/g, " ") : PK.reasons[base];
    return String(code).replace(/_/g, " ");
  };

  /* Reasons as sentences; a general one ("NIP tidak valid") gives way to its specific form ("...: why"). */
  PK.reasonList = function (codes) {
    const sentences = [...new Set((codes || []).map(PK.reason))];
    return sentences.filter((s) => !sentences.some((other) => other !== s && other.startsWith(s + ":")));
  };

  PK.auth = {
    token() {
      return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY);
    },
    save(token, remember) {
      this.clear();
      (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
    },
    clear() {
      sessionStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(TOKEN_KEY);
    },
    toLogin() {
      PK.leaving = true;  // drafts are kept in this browser and come back after signing in
      const next = location.pathname + location.search;
      location.assign("/login?next=" + encodeURIComponent(next));
    },
  };

  /* One call to the API; returns {status, ok, data, headers}. A 401 sends the person to the login. */
  PK.api = async function (path, options) {
    const opts = options || {};
    const headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
    const token = opts.token || PK.auth.token();
    if (token) headers.Authorization = "Bearer " + token;
    let body = opts.body;
    if (body !== undefined && typeof body !== "string") {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(body);
    }
    const response = await fetch(path, { method: opts.method || "GET", headers, body });
    if (response.status === 401 && !opts.allow401) {
      PK.auth.clear();
      PK.auth.toLogin();
      throw new Error("unauthorized");
    }
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : null;
    return { status: response.status, ok: response.ok, data, headers: response.headers };
  };

  PK.errorMessage = function (result) {
    const error = result.data && result.data.error;
    if (!error) return "HTTP " + result.status;
    let message = error.message || error.code;
    const details = error.details;
    if (Array.isArray(details) && details.length && details[0] && details[0].msg) {
      message += " (" + details.map((d) => d.msg).join("; ") + ")";
    } else if (Array.isArray(details) && details.length && details[0] && details[0].reason) {
      /* a refused value: the rule in the page's language, the API's English reason otherwise */
      message = details.map((d) => (d.rule && PK.t("rule_" + d.rule) !== "rule_" + d.rule
        ? PK.t("rule_" + d.rule) : d.reason)).join("; ");
    }
    return message;
  };

  PK.query = function (params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "") search.set(key, value);
    }
    const text = search.toString();
    return text ? "?" + text : "";
  };

  PK.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  PK.formatValue = function (value) {
    if (value === null || value === undefined || value === "") return PK.t("empty_value");
    if (value === true) return PK.t("true");
    if (value === false) return PK.t("false");
    if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) >= 10000) {
      return value.toLocaleString(PK.lang === "id" ? "id-ID" : "en-US");
    }
    return String(value);
  };

  PK.formatTime = function (iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return date.toLocaleString(PK.lang === "id" ? "id-ID" : "en-GB", {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
    });
  };

  PK.percent = function (x) {
    return Math.round((x || 0) * 100) + "%";
  };

  /* "first_party.nip" -> "Pihak Pertama · NIP"; "performance_targets.2.target" -> "Target 3 · Target". */
  PK.pathLabel = function (path) {
    const parts = String(path).split(".");
    const words = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (/^\d+$/.test(part)) {
        if (words.length) words[words.length - 1] += " " + (Number(part) + 1);
        continue;
      }
      words.push(PK.labels[part] || part);
    }
    return words.join(" · ");
  };

  let toastTimer = null;
  PK.toast = function (message, kind) {
    const toast = document.getElementById("toast");
    toast.textContent = message;
    toast.className = "toast" + (kind ? " toast-" + kind : "");
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 3500);
  };

  PK.setRole = function (canEdit) {
    const badge = document.getElementById("role-badge");
    badge.hidden = false;
    badge.textContent = canEdit ? PK.t("role_reviewer") : PK.t("role_viewer");
    badge.classList.toggle("role-viewer", !canEdit);
  };

  document.addEventListener("DOMContentLoaded", () => {
    for (const link of document.querySelectorAll("[data-lang]")) {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const url = new URL(location.href);
        url.searchParams.set("lang", link.dataset.lang);
        location.assign(url.pathname + url.search + url.hash);
      });
    }
    const logout = document.getElementById("logout");
    if (logout) {
      logout.addEventListener("click", () => {
        PK.auth.clear();
        location.assign("/login");
      });
    }
    if (document.body.classList.contains("page-login")) return;
    if (!PK.auth.token()) PK.auth.toLogin();
  });
})();
