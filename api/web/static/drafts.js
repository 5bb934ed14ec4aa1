/* What a reviewer typed and has not saved, kept in this browser's local storage per agreement, so a
 * reload, a crash, a conflict or an expired token never loses it; leaving the page with drafts asks
 * first. A draft leaves storage only when it is saved or the reviewer discards it. */
"use strict";

(function () {
  const PREFIX = "pk_drafts:";

  class Drafts {
    constructor(agreementId) {
      this.key = PREFIX + agreementId;
      this.values = {};
      try {
        this.values = JSON.parse(localStorage.getItem(this.key) || "{}") || {};
      } catch (error) {
        this.values = {};
      }
    }

    has(path) { return Object.prototype.hasOwnProperty.call(this.values, path); }

    get(path) { return this.values[path]; }

    paths() { return Object.keys(this.values); }

    count() { return this.paths().length; }

    set(path, text) {
      this.values[path] = text;
      this.persist();
    }

    delete(path) {
      if (!this.has(path)) return;
      delete this.values[path];
      this.persist();
    }

    clear() {
      this.values = {};
      this.persist();
    }

    persist() {
      try {
        if (this.count()) localStorage.setItem(this.key, JSON.stringify(this.values));
        else localStorage.removeItem(this.key);
      } catch (error) {
        /* storage full or blocked: the drafts still live in this page */
      }
    }
  }

  /* Leaving with drafts asks first (they stay stored either way); signing in again after an expired
   * token does not ask, since the drafts come back after it. */
  window.addEventListener("beforeunload", (event) => {
    if (PK.leaving || !PK.drafts || !PK.drafts.count()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  PK.Drafts = Drafts;
})();
