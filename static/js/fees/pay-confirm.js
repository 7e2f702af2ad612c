// Confirm a payment: one click sends it once. The server takes each form's key once anyway
// (a second post shows the first receipt); this only spares the cashier the second request.
(function () {
  "use strict";
  const form = document.getElementById("pay-confirm");
  if (!form) return;
  let sent = false;
  form.addEventListener("submit", (event) => {
    if (sent) {
      event.preventDefault();
      return;
    }
    sent = true;
    // The button pressed still travels with the form: disable the buttons after this tick.
    window.setTimeout(() => {
      form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
    }, 0);
  });
})();
