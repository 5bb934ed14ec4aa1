/* Login: check the token against the API, keep it in localStorage (remembered) or sessionStorage. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("login-form");
  const message = document.getElementById("login-message");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = document.getElementById("token").value.trim();
    const remember = document.getElementById("remember").checked;
    message.textContent = PK.t("login_checking");
    message.className = "form-message";
    let result;
    try {
      result = await PK.api("/agreements?limit=1", { token, allow401: true });
    } catch (error) {
      message.textContent = PK.t("login_failed");
      message.className = "form-message error";
      return;
    }
    if (result.status === 401 || result.status === 403) {
      message.textContent = PK.t("login_bad_token");
      message.className = "form-message error";
      return;
    }
    PK.auth.save(token, remember);
    const next = new URLSearchParams(location.search).get("next");
    location.assign(next && next.startsWith("/") && !next.startsWith("//") ? next : "/review");
  });
});
