// The OPD worksheet: nothing typed is lost when leaving the page, and no request fails in silence.
// Every page works without this file: forms then post normally and say what happened on the next page.
(() => {
  "use strict";

  const texts = () => (document.getElementById("worksheet-texts") || {}).dataset || {};
  // Forms saved as they are typed into (an answer) or by their button (the head's note): leaving the
  // page saves them first. An upload box with a file chosen or a link typed is never sent by leaving
  // (attaching is the person's decision): leaving asks first.
  const KEPT = "form.answer, form.note-form";
  const keptForms = () => Array.from(document.querySelectorAll(KEPT));
  const chosenUploads = () =>
    Array.from(document.querySelectorAll("form.upload")).filter((form) =>
      Array.from(form.querySelectorAll("input[type=file], input[type=url]")).some((field) =>
        field.type === "file" ? field.files.length > 0 : field.value.trim() !== ""));

  // --- Unsaved answers -------------------------------------------------------------------------------
  // An answer form is "dirty" from the first keystroke until the server says it saved that very input
  // (the response of a successful save carries the nyata-saved event). A generation counter tells an
  // input typed while a save was on its way from the input that save carried.
  const bump = (form) => {
    form.dataset.generation = String(Number(form.dataset.generation || 0) + 1);
    form.dataset.dirty = "1";
  };
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest(KEPT);
    if (form) bump(form);
  });
  document.addEventListener("change", (event) => {
    const form = event.target.closest && event.target.closest(KEPT);
    if (form) bump(form);
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    if (form.matches && form.matches(KEPT)) {
      form.dataset.sent = form.dataset.generation || "0";
      form.dataset.sending = "1";
    }
  });
  document.addEventListener("nyata-saved", (event) => {
    const form = event.target;
    if (form.dataset && form.dataset.sent === (form.dataset.generation || "0")) form.dataset.dirty = "";
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    if (form.matches && form.matches(KEPT)) {
      form.dataset.sending = "";
      form.dataset.answered = form.dataset.sent || "0"; // the input this response was about
    }
  });

  // A form in conflict waits for the person's choice; a form with unsent input needs saving.
  const unsaved = () =>
    keptForms()
      .filter((form) => form.dataset.conflict || form.dataset.dirty || form.dataset.sending)
      .concat(chosenUploads());

  // Save one form now; resolves with whether the latest input ended saved. A save already on its way
  // with older input is waited out: htmx queues ours after it (hx-sync), and only the response about
  // the latest input decides.
  const save = (form) =>
    new Promise((resolve) => {
      if (form.dataset.conflict || form.matches("form.upload")) {
        resolve(false);
        return;
      }
      const wanted = form.dataset.generation || "0";
      const done = (event) => {
        if (event.detail.elt !== form) return;
        if (event.detail.successful && form.dataset.answered !== wanted) return; // an earlier save
        document.removeEventListener("htmx:afterRequest", done);
        resolve(!form.dataset.dirty && !form.dataset.conflict);
      };
      document.addEventListener("htmx:afterRequest", done);
      if (form.dataset.dirty) {
        window.htmx.trigger(form, "submit");
      }
    });

  const codeOf = (form) => {
    const article = form.closest("article.indicator");
    const code = article && article.querySelector("h3 .code");
    return code ? code.textContent.trim() : form.id;
  };

  const warn = (forms, href) => {
    const old = document.getElementById("unsaved-warning");
    if (old) old.remove();
    const box = document.createElement("div");
    box.id = "unsaved-warning";
    box.className = "message error unsaved-warning";
    box.setAttribute("role", "alert");
    const list = forms.map(codeOf).join(", ");
    box.append(document.createTextNode(`${texts().unsaved} ${list}. `));
    const leave = document.createElement("a");
    leave.href = href;
    leave.dataset.force = "1";
    leave.textContent = texts().leave;
    box.append(leave);
    const sheet = document.getElementById("sheet");
    (sheet || document.body).prepend(box);
    forms[0].scrollIntoView({ block: "center" });
  };

  // Leaving the page by a link (the area navigation, the filters, the pages, any other link): save what
  // is unsaved first, then go; if a save is refused, stay, say which answers and offer to leave anyway.
  let leaving = false;
  let forced = false; // the person chose to leave without saving: the browser need not ask again
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest("a[href]");
      if (link && link.dataset.force) forced = true;
      if (!link || leaving || link.dataset.force || link.target === "_blank" || event.defaultPrevented) return;
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || (url.hash && url.pathname === window.location.pathname
        && url.search === window.location.search)) return;
      const pending = unsaved();
      if (!pending.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      Promise.all(pending.map(save)).then((results) => {
        const failed = pending.filter((_form, index) => !results[index]);
        if (failed.length) {
          warn(failed, link.href);
          return;
        }
        leaving = true;
        link.click(); // htmx takes the links it knows; the browser follows the others
        leaving = false;
      });
    },
    true,
  );
  document.addEventListener("htmx:afterSwap", () => {
    const box = document.getElementById("unsaved-warning");
    if (box && !unsaved().length) box.remove();
  });

  // Closing the tab, reloading, the browser's back button: the browser asks before dropping input.
  window.addEventListener("beforeunload", (event) => {
    if (!forced && unsaved().length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- Requests that fail outside the server's own answer --------------------------------------------
  // The server answers every refusal it can judge with a fragment saying why. What it cannot judge (the
  // connection, an expired session, a proxy refusing a large body, a server error) is said here, next
  // to the form that sent it.
  const say = (form, message) => {
    // Autosaved answers (data-autosave) are spoken for by nyata.js, which also offers "Try again".
    if (form && form.dataset.autosave) return;
    const target = form && form.dataset.status && document.getElementById(form.dataset.status);
    if (target) {
      target.textContent = message;
      target.classList.add("error");
      target.hidden = false;
    } else {
      window.alert(message);
    }
  };
  const formOf = (event) => {
    const elt = event.detail.elt;
    return elt && (elt.closest ? elt.closest("form") : null);
  };
  document.addEventListener("htmx:sendError", (event) => say(formOf(event), texts().network));
  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    const message =
      status === 403 ? texts().denied
      : status === 404 ? texts().gone
      : status === 413 ? texts().tooLarge
      : status >= 500 ? texts().failed
      : texts().refused;
    say(formOf(event), message);
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = formOf(event);
    const xhr = event.detail.xhr;
    if (!form || !event.detail.successful || !xhr || !xhr.responseURL) return;
    // A save that was redirected (to the login page, when the session ended) saved nothing.
    const sent = new URL(form.getAttribute("hx-post") || form.action, window.location.href).pathname;
    if (new URL(xhr.responseURL).pathname !== sent) say(form, texts().session);
  });
  document.addEventListener("htmx:validation:halted", (event) => {
    const first = event.detail.errors && event.detail.errors[0];
    say(formOf(event), first ? first.message : texts().refused);
  });
})();
