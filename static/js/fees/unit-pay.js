// Take payment: proposes the oldest-first split of the amount; the server does the same when
// the proposal is left alone, and takes the cashier's split when it is not.
(function () {
  "use strict";
  const form = document.getElementById("pay-form");
  if (!form) return;
  const amount = form.elements.amount;
  const reference = form.elements.reference;
  const inputs = Array.from(form.querySelectorAll("input.allocation"));
  // Charges chosen by the page that sent the cashier here (the move-in): keep that split.
  let manual = form.hasAttribute("data-chosen");
  const cents = (value) => {
    const number = Number(String(value).trim().replace(",", "."));
    return value !== "" && Number.isFinite(number) ? Math.round(number * 100) : null;
  };
  const split = () => {
    let left = cents(amount.value);
    if (left === null || left < 0) return;
    for (const input of inputs) {
      const part = Math.max(0, Math.min(left, cents(input.dataset.outstanding)));
      left -= part;
      input.value = (part / 100).toFixed(2);
      form.elements["initial-" + input.name].value = input.value;
    }
  };
  amount.addEventListener("input", () => { if (!manual) split(); });
  inputs.forEach((input) => input.addEventListener("input", () => { manual = true; }));
  const reset = document.getElementById("oldest-first");
  if (reset) reset.addEventListener("click", () => { manual = false; split(); });
  form.querySelectorAll("input[name=method]").forEach((radio) => radio.addEventListener("change", () => {
    reference.required = radio.value !== "cash";
    if (reference.required && !reference.value) reference.focus();
  }));
})();
