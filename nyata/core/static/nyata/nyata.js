document.documentElement.classList.add("js");
// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Language choice applies at once when scripts run; the button stays for those without.
  const language = document.getElementById("language");
  if (language) {
    language.addEventListener("change", () => language.form.submit());
  }
});

// Forms marked data-confirm ask before a destructive submit (htmx or plain).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// Autosave (forms marked data-autosave="<id of their save-state element>"): a save the server did not
// confirm is shown as failed, never under the previous "saved at" line. htmx swaps only 2xx answers, so a
// server error, a lost connection or a timeout would otherwise leave the old confirmation standing. The
// person's entry stays in the form; "Try again" (or the form's own Save button) sends it again.
(() => {
  const text = (key) => {
    const source = document.getElementById("autosave-messages");
    return source ? source.dataset[key] || "" : "";
  };
  const autosaveForm = (event) => {
    const element = event.detail && event.detail.elt;
    return element && element.closest ? element.closest("form[data-autosave]") : null;
  };
  const showFailed = (form, message) => {
    const state = document.getElementById(form.dataset.autosave);
    form.dataset.unsaved = "1";
    if (!state) return;
    const error = document.createElement("span");
    error.className = "error save-failed";
    error.setAttribute("role", "alert");
    error.textContent = message;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "retry-save";
    retry.textContent = text("retry");
    retry.addEventListener("click", () => form.requestSubmit());
    const indicator = state.querySelector(".htmx-indicator");
    state.replaceChildren(error, " ", retry);
    if (indicator) state.append(" ", indicator);
  };
  document.addEventListener("htmx:responseError", (event) => {
    const form = autosaveForm(event);
    if (form) showFailed(form, text("server").replace("{status}", String(event.detail.xhr.status)));
  });
  document.addEventListener("htmx:sendError", (event) => {
    const form = autosaveForm(event);
    if (form) showFailed(form, text("offline"));
  });
  document.addEventListener("htmx:timeout", (event) => {
    const form = autosaveForm(event);
    if (form) showFailed(form, text("offline"));
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = autosaveForm(event);
    if (!form || !event.detail.successful) return;
    // A confirmed save answers with this form's own state; anything else (a sign-in page after the
    // session ended, a proxy's page) saved nothing.
    const answer = event.detail.xhr.responseText;
    if (form.id && answer.includes(`id="${form.id}"`)) {
      return;  // the form itself came back (a conflict to resolve): it says what happened
    }
    if (!answer.includes(`id="${form.dataset.autosave}"`)) {
      showFailed(form, text("unconfirmed"));
    } else if (answer.includes('class="saved"')) {
      delete form.dataset.unsaved;  // a refused value (its reason shown in the state) stays unsaved
    }
  });
  // Leaving the page with an unsaved answer is the worksheet's own script's concern (it saves first, and
  // asks only when it cannot).
})();
