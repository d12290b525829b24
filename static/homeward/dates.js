// Date fields follow the page's language, not the browser's: where the language writes dates
// otherwise than 2018-12-30 (30.12.2018, 30/12/2018), a text field in that form stands in for
// the browser's date field, and a hidden field under the same name sends the ISO date. Without
// scripts the browser's own date field stays.
(function () {
  var html = document.documentElement;
  var format = html.getAttribute("data-date-format") || "Y-m-d";
  if (format === "Y-m-d") return;
  var order = format.replace(/[^dmY]/g, "");            // "dmY"
  var sep = (format.match(/[^dmY]/) || ["."])[0];       // "." or "/"
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };

  function show(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return "";
    var parts = { Y: m[1], m: m[2], d: m[3] };
    return order.split("").map(function (k) { return parts[k]; }).join(sep);
  }

  function parse(text) {
    var bits = (text || "").trim().split(/[.\/\-\s]+/);
    if (bits.length !== 3) return null;
    var parts = {};
    order.split("").forEach(function (k, i) { parts[k] = parseInt(bits[i], 10); });
    var y = parts.Y, mo = parts.m, d = parts.d;
    if (!(y > 999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return null;
    var day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCMonth() !== mo - 1) return null;       // 31.02 is no date
    return y + "-" + pad(mo) + "-" + pad(d);
  }

  function replace(input) {
    var text = document.createElement("input");
    text.type = "text";
    text.inputMode = "numeric";
    text.autocomplete = "off";
    text.placeholder = html.getAttribute("data-date-placeholder") || format;
    text.value = show(input.value);
    ["id", "aria-label", "aria-describedby", "class", "title"].forEach(function (a) {
      if (input.hasAttribute(a)) text.setAttribute(a, input.getAttribute(a));
    });
    text.required = input.required;
    text.size = 11;
    input.removeAttribute("id");
    input.type = "hidden";
    text.addEventListener("input", function () {
      var iso = parse(text.value);
      input.value = iso || "";
      text.setCustomValidity(text.value.trim() && !iso ? (html.getAttribute("data-date-invalid") || "?") : "");
    });
    input.parentNode.insertBefore(text, input);
  }

  function upgrade(root) {
    Array.prototype.forEach.call(root.querySelectorAll('input[type="date"]'), replace);
  }
  document.addEventListener("DOMContentLoaded", function () { upgrade(document); });
  // Fragments htmx swaps in (a checklist, a form) get the same fields.
  document.addEventListener("htmx:load", function (e) { upgrade(e.target); });
})();
