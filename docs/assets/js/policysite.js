/* policysite: a "复制链接" button on every clause heading that has a permalink.
   Works without a network and from file:// (falls back to selecting the link text). */
(function () {
  "use strict";

  function permalink(heading) {
    var url = window.location.href.split("#")[0];
    return url + "#" + heading.id;
  }

  function copy(text, button) {
    function done() {
      button.setAttribute("data-copied", "");
      button.textContent = "已复制";
      window.setTimeout(function () {
        button.removeAttribute("data-copied");
        button.textContent = "复制链接";
      }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }

  function fallback(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.left = "-9999px";
    document.body.appendChild(field);
    field.select();
    try { document.execCommand("copy"); } catch (e) { /* the text stays selected */ }
    document.body.removeChild(field);
  }

  function decorate() {
    var headings = document.querySelectorAll(
      ".md-content h2[id], .md-content h3[id], .md-content h4[id], .md-content h5[id], .md-content h6[id]"
    );
    Array.prototype.forEach.call(headings, function (heading) {
      if (heading.querySelector(".ps-copy-link")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ps-copy-link";
      button.textContent = "复制链接";
      button.setAttribute("aria-label", "复制本条链接");
      button.setAttribute("data-url", permalink(heading));
      button.addEventListener("click", function (event) {
        event.preventDefault();
        copy(permalink(heading), button);
      });
      heading.appendChild(button);
    });
  }

  /* Material's search dialog has role="dialog" but no name; screen readers announce it
     as 搜索. */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "搜索"); }
  }
  nameSearchDialog();

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(decorate);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", decorate);
  } else {
    decorate();
  }
})();
