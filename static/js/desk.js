// Behaviour every desk page shares, driven by data-* attributes so the templates carry no
// inline script or event handler (the Content-Security-Policy forbids them).
//   data-confirm="question"  on a submit button: ask before the form is sent
//   data-autosubmit          on a select: send its form as soon as the choice changes
//   data-enter-stays         on an input: Enter does not submit the form (live searches)
//   data-width="42"          sets the element's width in percent (progress bars)
//   data-key="p"             on a link or button: the key p takes it (shown beside it)
//   data-focus-on-show       on a collapse (a form behind a button): its first field takes
//                            the cursor as it opens
// The key / goes to the search box (or the search page) from anywhere. Keys act only when
// the cursor is not in a field, and never with Ctrl, Alt or the Command key.
// And: a form that posts is sent once — a second click or Enter while the first request is
// on its way does nothing (the services refuse a repeat too; this spares the desk the wait).
(function () {
  "use strict";

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  document.addEventListener("change", (event) => {
    const select = event.target.closest("[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.closest("[data-enter-stays]")) event.preventDefault();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "/") {
      const box = document.getElementById("desk-search");
      const searchUrl = document.body.dataset.searchUrl;
      if (!box && !searchUrl) return;
      event.preventDefault();
      if (box) {
        box.focus();
        box.select();
      } else {
        window.location.assign(searchUrl);
      }
      return;
    }
    if (event.key.length !== 1) return;
    const action = document.querySelector(`[data-key="${CSS.escape(event.key.toLowerCase())}"]`);
    if (!action) return;
    event.preventDefault();
    action.focus();
    action.click();
  });

  document.addEventListener("shown.bs.collapse", (event) => {
    if (!event.target.matches("[data-focus-on-show]")) return;
    const field = event.target.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus();
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.method !== "post" || form.target || form.matches("[hx-post], [hx-get], [data-hx-post]")) return;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
  });
  // Back to a page from the browser's cache: its forms may be sent again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) document.querySelectorAll("form[data-sent]").forEach((form) => delete form.dataset.sent);
  });

  // Widths set through the CSSOM, which the policy allows (a style="" attribute it does not).
  const sizeWidths = (root) => {
    const elements = [root, ...root.querySelectorAll("[data-width]")];
    elements.filter((element) => element.dataset && element.dataset.width !== undefined).forEach((element) => {
      element.style.width = `${Number(element.dataset.width) || 0}%`;
    });
  };
  // htmx calls this for the page once it is ready and for every fragment it swaps in.
  if (window.htmx) window.htmx.onLoad(sizeWidths);
  else document.addEventListener("DOMContentLoaded", () => sizeWidths(document));
})();
