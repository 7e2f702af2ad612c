// The release slip form: "another item" adds an empty item row (up to the form's maximum),
// numbered and named as the server expects (item_<n>_description, _quantity, _photo).
(function () {
  "use strict";
  const button = document.querySelector("[data-add-item-row]");
  if (!button) return;
  const body = document.querySelector("[data-testid=item-rows] tbody");
  const max = parseInt(button.dataset.max, 10);
  button.addEventListener("click", function () {
    const rows = body.querySelectorAll("[data-item-row]");
    const n = rows.length + 1;
    if (n > max) return;
    const row = rows[rows.length - 1].cloneNode(true);
    row.querySelector("[data-row-number]").textContent = String(n);
    row.querySelectorAll("input").forEach(function (input) {
      input.name = input.name.replace(/^item_\d+_/, "item_" + n + "_");
      input.id = input.id ? input.id.replace(/item_\d+_/, "item_" + n + "_") : "";
      const label = input.getAttribute("aria-label") || "";
      input.setAttribute("aria-label", label.replace(/\d+/, String(n)));
      input.value = "";
      input.classList.remove("is-invalid");
    });
    body.appendChild(row);
    row.querySelector("input[type=text]").focus();
    if (n >= max) button.disabled = true;
  });
})();
