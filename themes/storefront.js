// The variant picker, improved: the form works without this script (it
// reloads the page for the chosen variant); with it, the price, SKU and
// availability change as soon as an option is chosen. The variants come
// from the form's data-variants attribute, written by the server.
(function () {
  "use strict";
  var form = document.querySelector("form.variant-form[data-variants]");
  if (!form) { return; }
  var variants;
  try { variants = JSON.parse(form.getAttribute("data-variants")); } catch (e) { return; }
  var selects = form.querySelectorAll("select");
  var amount = document.querySelector("[data-amount]");
  var compareAt = document.querySelector("[data-compare-at]");
  var availability = document.querySelector("[data-availability]");
  var sku = document.querySelector("[data-sku]");
  var choose = form.querySelector("[data-choose]");
  var variantID = document.querySelector("[data-variant-id]");
  var add = document.querySelector("[data-add]");
  if (choose) { choose.hidden = true; }

  function update() {
    var chosen = [];
    for (var i = 0; i < selects.length; i++) { chosen.push(selects[i].value); }
    var match = null;
    for (var j = 0; j < variants.length && !match; j++) {
      if (variants[j].options.join("\u0000") === chosen.join("\u0000")) { match = variants[j]; }
    }
    if (!match) {
      availability.textContent = "This combination is not available";
      availability.classList.add("out");
      if (add) { add.disabled = true; add.textContent = "Not available"; }
      return;
    }
    if (variantID) { variantID.value = match.id; }
    if (add) { add.disabled = !match.available; add.textContent = match.available ? "Add to cart" : "Not available"; }
    amount.textContent = match.price;
    compareAt.textContent = match.compareAt;
    compareAt.hidden = !match.compareAt;
    availability.textContent = match.availability;
    availability.classList.toggle("out", !match.available);
    if (sku) {
      sku.textContent = match.sku;
      sku.parentNode.hidden = !match.sku;
    }
    if (window.history && history.replaceState) {
      history.replaceState(null, "", form.getAttribute("action") + "?variant=" + match.id);
    }
  }
  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", update); }
})();
