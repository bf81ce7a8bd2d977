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

  /* Browse pages (documents/kind/…, documents/issuer/…): a box above the table that keeps
     the rows holding what is typed (title, 文号, issuer, date). */
  function filters() {
    var blocks = document.querySelectorAll(".ps-filterable");
    Array.prototype.forEach.call(blocks, function (block) {
      var table = block.querySelector("table");
      if (!table || block.querySelector(".ps-filter")) { return; }
      var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
      var box = document.createElement("input");
      box.type = "search";
      box.className = "ps-filter";
      box.placeholder = "筛选本页文件（标题、文号、发文机关、日期）";
      box.setAttribute("aria-label", "筛选本页文件");
      var count = document.createElement("span");
      count.className = "ps-filter-count";
      count.setAttribute("aria-live", "polite");
      box.addEventListener("input", function () {
        var words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
        var shown = 0;
        rows.forEach(function (row) {
          var text = row.textContent.toLowerCase();
          var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
          row.hidden = !keep;
          if (keep) { shown++; }
        });
        count.textContent = words.length ? "显示 " + shown + " / " + rows.length + " 份" : "";
      });
      block.insertBefore(count, block.firstChild);
      block.insertBefore(box, block.firstChild);
    });
  }

  function decorateAll() {
    decorate();
    filters();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(decorateAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", decorateAll);
  } else {
    decorateAll();
  }
})();
