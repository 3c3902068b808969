/* Reading choices: the content note categories a reader chose to fold, kept in this browser
 * (localStorage) and nowhere else. This script runs in the page's head, before the body is
 * parsed: it marks <html data-fold="key key"> and the stylesheet folds every element whose
 * data-folds names a chosen key, so folded text is never painted, on a first load, after an
 * htmx swap or on Back. A fold's button (aria-expanded) shows its text. */
(function () {
  "use strict";
  var KEY = "fold";
  var root = document.documentElement;

  function chosen() {
    var value = "";
    try { value = window.localStorage.getItem(KEY) || ""; } catch (e) { /* storage off */ }
    return value.split(/\s+/).filter(function (key) { return /^[a-z-]+$/.test(key); });
  }

  function apply() {
    var keys = chosen();
    if (keys.length) root.setAttribute("data-fold", keys.join(" "));
    else root.removeAttribute("data-fold");
  }

  apply();
  // Back to a page kept in memory, or choices changed in another tab.
  window.addEventListener("pageshow", apply);
  window.addEventListener("storage", function (event) { if (event.key === KEY) apply(); });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".fold-toggle");
    if (!toggle) return;
    var target = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (target) {
      if (open) target.setAttribute("data-shown", "");
      else target.removeAttribute("data-shown");
    }
  });

  // /choices: each checkbox saved as soon as it changes.
  function form() { return document.querySelector("form[data-choices]"); }

  document.addEventListener("DOMContentLoaded", function () {
    var choices = form();
    if (!choices) return;
    var keys = chosen();
    choices.querySelectorAll("input[name=fold]").forEach(function (box) {
      box.checked = keys.indexOf(box.value) !== -1;
    });
  });

  document.addEventListener("change", function (event) {
    var choices = form();
    if (!choices || event.target.name !== "fold" || !choices.contains(event.target)) return;
    var keys = [];
    choices.querySelectorAll("input[name=fold]:checked").forEach(function (box) { keys.push(box.value); });
    var status = choices.querySelector("[data-choices-status]");
    try {
      if (keys.length) window.localStorage.setItem(KEY, keys.join(" "));
      else window.localStorage.removeItem(KEY);
      if (status) status.textContent = keys.length ? "Saved: posts on these subjects are folded." : "Saved: nothing is folded.";
    } catch (e) {
      if (status) status.textContent = "This browser does not let the site keep your choices.";
    }
    apply();
  });
})();

/* Share buttons: open the network's page in a new tab, copy links, ask for a Mastodon server
 * and open its page in a new tab, and the device's share sheet. Counting is done by htmx
 * (hx-post on each form), or here, once the Mastodon page or the share sheet opened: a press
 * that opened nothing is never counted. Without JavaScript the forms post normally and the
 * server answers with a redirect. */
(function () {
  "use strict";

  function statusFor(element) {
    var bar = element.closest(".share-bar");
    return bar ? bar.querySelector("[data-share-status]") : null;
  }

  function say(element, message) {
    var status = statusFor(element);
    if (status) {
      status.textContent = "";
      // A fresh text node makes screen readers announce a repeated message too.
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  function revealNativeShare(root) {
    if (!navigator.share) return;
    root.querySelectorAll("form[data-native-share]").forEach(function (form) {
      form.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".share__button");
    if (!button) return;
    var form = button.form;
    if (!form) return;
    var shareUrl = form.getAttribute("data-share-url");
    if (shareUrl) {
      if (shareUrl.indexOf("mailto:") === 0) {
        window.location.href = shareUrl;
      } else {
        window.open(shareUrl, "_blank", "noopener");
      }
      return;
    }
    var copyUrl = form.getAttribute("data-copy-url");
    if (copyUrl) {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(copyUrl).then(
          function () { say(form, "Link copied"); },
          function () { say(form, "Copy this link: " + copyUrl); }
        );
      } else {
        say(form, "Copy this link: " + copyUrl);
      }
      return;
    }
    var template = form.getAttribute("data-share-template");
    if (template) {
      event.preventDefault();
      askForServer(form, template);
      return;
    }
    if (form.hasAttribute("data-native-share")) {
      event.preventDefault();
      if (!navigator.share) return;
      navigator.share({ title: form.getAttribute("data-title"), url: form.getAttribute("data-url") })
        .then(function () { countPress(form); }, function () { /* closed: nothing shared */ });
    }
  });

  function countPress(form, headers) {
    window.htmx.ajax("POST", form.getAttribute("action"),
      { source: form, target: form, swap: "outerHTML", headers: headers || {} });
  }

  /* Mastodon: the reader's server, checked as the site checks it, then its share page in a new
   * tab, opened while the click still allows it. An answer the check refuses goes to the site,
   * which says why in place and counts nothing. */
  function askForServer(form, template) {
    var answer = window.prompt(form.getAttribute("data-prompt"));
    if (answer === null) return;
    var host = "";
    var raw = answer.trim();
    if (/^[^\/:?#@\s\\]+$/.test(raw)) {
      try { host = new URL("https://" + raw).hostname.replace(/\.$/, ""); } catch (e) { host = ""; }
    }
    if (host && new RegExp(form.getAttribute("data-instance-pattern")).test(host)) {
      window.open(template.replace("{instance}", host), "_blank", "noopener");
      countPress(form, { "HX-Prompt": host });
    } else {
      countPress(form, { "HX-Prompt": "" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () { revealNativeShare(document); });
  document.addEventListener("htmx:afterSettle", function () { revealNativeShare(document); });
})();

/* The listing's Share control swaps in a post's full bar: move focus to it, so keyboard and
 * screen-reader users land on what they opened. */
document.addEventListener("htmx:afterSwap", function (event) {
  var bar = event.detail.elt;
  if (bar && bar.classList && bar.classList.contains("share-bar")) bar.focus();
});

/* The header's search box: htmx swaps results into the main area as the reader types; this
 * tells screen readers what was found, in a status line that stays in place. */
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "main") return;
    var summary = document.querySelector("#main [data-search-summary]");
    var status = document.querySelector("[data-search-status]");
    if (summary && status) status.textContent = summary.textContent;
  });
})();
