/* policysite 培训: self-test checking with progress in localStorage, the projector mode,
   print buttons, and clause ids for printed links.  No network, works from file://. */
(function () {
  "use strict";

  var STORE = "policysite.quiz.";

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem("policysite.test", "1");
      s.removeItem("policysite.test");
      return s;
    } catch (e) {
      return null; /* private mode or storage disabled: answers are kept for this visit only */
    }
  }

  /* -- self-test ------------------------------------------------------------------------ */
  function initQuiz(root) {
    if (root.getAttribute("data-ps-ready")) { return; }
    root.setAttribute("data-ps-ready", "1");
    var key = STORE + root.getAttribute("data-ps-quiz");
    var version = root.getAttribute("data-ps-version");
    var store = storage();
    var questions = Array.prototype.slice.call(root.querySelectorAll(".ps-question"));
    var state = load();

    function load() {
      var empty = { version: version, answers: {} };
      if (!store) { return empty; }
      try {
        var saved = JSON.parse(store.getItem(key) || "null");
        if (saved && saved.version === version && saved.answers) { return saved; }
      } catch (e) { /* unreadable: start again */ }
      return empty;
    }

    function save() {
      if (store) {
        try { store.setItem(key, JSON.stringify(state)); } catch (e) { /* full: keep in memory */ }
      }
    }

    function show(question) {
      var chosen = state.answers[question.id];
      var right = +question.getAttribute("data-ps-answer");
      var answered = chosen !== undefined;
      var feedback = question.querySelector(".ps-feedback");
      question.classList.toggle("is-answered", answered);
      question.classList.toggle("is-right", answered && chosen === right);
      question.classList.toggle("is-wrong", answered && chosen !== right);
      Array.prototype.forEach.call(question.querySelectorAll(".ps-choice"), function (button) {
        var i = +button.getAttribute("data-ps-choice");
        button.classList.toggle("is-chosen", answered && i === chosen);
        button.classList.toggle("is-correct", answered && i === right);
        button.setAttribute("aria-pressed", answered && i === chosen ? "true" : "false");
        if (answered) { button.setAttribute("aria-disabled", "true"); }
        else { button.removeAttribute("aria-disabled"); }
      });
      feedback.hidden = !answered;
      if (answered) {
        var letter = "ABCDEFGH".charAt(chosen);
        question.querySelector(".ps-verdict").textContent = chosen === right
          ? "回答正确。" : "回答错误：你选了 " + letter + "。";
      }
    }

    function score() {
      var done = 0;
      var right = 0;
      questions.forEach(function (q) {
        var chosen = state.answers[q.id];
        if (chosen !== undefined) {
          done += 1;
          if (chosen === +q.getAttribute("data-ps-answer")) { right += 1; }
        }
      });
      var text = "已答 " + done + " / " + questions.length + " 题，答对 " + right + " 题";
      if (done === questions.length && done > 0) {
        text += "（全部答完，正确率 " + Math.round(100 * right / done) + "%）";
      }
      root.querySelector(".ps-quiz-score").textContent = text;
    }

    questions.forEach(function (question) {
      question.addEventListener("click", function (event) {
        var button = event.target.closest ? event.target.closest(".ps-choice") : null;
        if (!button || state.answers[question.id] !== undefined) { return; }
        state.answers[question.id] = +button.getAttribute("data-ps-choice");
        save();
        show(question);
        score();
        var feedback = question.querySelector(".ps-feedback");
        if (feedback && feedback.scrollIntoView) { feedback.scrollIntoView({ block: "nearest" }); }
      });
      show(question);
    });
    score();

    var reset = root.querySelector(".ps-quiz-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        state = { version: version, answers: {} };
        if (store) { store.removeItem(key); }
        questions.forEach(show);
        score();
        if (questions[0]) { questions[0].scrollIntoView({ block: "start" }); }
      });
    }
  }

  /* -- projector mode ------------------------------------------------------------------- */
  function initProjector(root) {
    if (root.getAttribute("data-ps-ready")) { return; }
    root.setAttribute("data-ps-ready", "1");
    var slides = Array.prototype.slice.call(root.querySelectorAll(".ps-slide"));
    if (!slides.length) { return; }
    document.documentElement.classList.add("ps-projecting");
    var back = root.getAttribute("data-ps-back");
    var count = root.querySelector(".ps-projector-count");
    var bar = root.querySelector(".ps-progress-bar");
    var current = 0;
    var wanted = decodeURIComponent(window.location.hash.slice(1));
    slides.forEach(function (slide, i) { if (wanted && slide.id === wanted) { current = i; } });

    function show(i) {
      current = Math.max(0, Math.min(slides.length - 1, i));
      slides.forEach(function (slide, j) {
        slide.hidden = j !== current;
        slide.classList.toggle("is-current", j === current);
      });
      count.textContent = (current + 1) + " / " + slides.length;
      bar.style.width = (100 * (current + 1) / slides.length) + "%";
      try {
        window.history.replaceState(null, "", "#" + slides[current].id);
      } catch (e) { /* some file:// setups refuse: the position is just not kept */ }
    }

    function leave() {
      var id = slides[current].id;
      window.location.href = back + (id && id !== "slide-title" ? "#" + id : "");
    }

    function searching() {
      var toggle = document.getElementById("__search");
      var active = document.activeElement;
      return (toggle && toggle.checked) ||
        (active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    }

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || searching()) { return; }
      var key = event.key;
      if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || key === " " ||
          key === "Spacebar" || key === "Enter") {
        if (key === "Enter" && event.target.closest && event.target.closest("a, button")) { return; }
        show(current + 1);
      } else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp" ||
                 key === "Backspace") {
        show(current - 1);
      } else if (key === "Home") {
        show(0);
      } else if (key === "End") {
        show(slides.length - 1);
      } else if (key === "Escape" || key === "Esc") {
        leave();
      } else {
        return;
      }
      event.preventDefault();
    });
    root.querySelector(".ps-projector-next").addEventListener("click", function () {
      show(current + 1);
    });
    root.querySelector(".ps-projector-prev").addEventListener("click", function () {
      show(current - 1);
    });
    slides.forEach(function (slide) {
      slide.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("a, button")) { return; }
        show(current + 1);
      });
    });
    show(current);
    root.focus({ preventScroll: true });
  }

  /* -- print ---------------------------------------------------------------------------- */
  function initPrintButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-ps-print]"), function (b) {
      if (b.getAttribute("data-ps-ready")) { return; }
      b.setAttribute("data-ps-ready", "1");
      b.addEventListener("click", function () { window.print(); });
    });
  }

  /* A link to a clause (documents/x.html#s5-c18, or #s5-c18 on the page) prints its clause id
     after the text (training.css, @media print). */
  var CLAUSE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
  function markClauseLinks() {
    var links = document.querySelectorAll(".md-content article a[href*='#']");
    Array.prototype.forEach.call(links, function (link) {
      if (link.hasAttribute("data-ps-anchor") || link.classList.contains("headerlink")) { return; }
      var href = link.getAttribute("href");
      var hash = href.indexOf("#");
      var path = href.slice(0, hash);
      var anchor = href.slice(hash + 1);
      if (!CLAUSE_ID.test(anchor) || anchor === "top") { return; }
      if (path === "" || /(^|\/)documents\/[^/]+\.html$/.test(path)) {
        link.setAttribute("data-ps-anchor", anchor);
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".ps-quiz[data-ps-quiz]"), initQuiz);
    Array.prototype.forEach.call(document.querySelectorAll(".ps-projector"), initProjector);
    initPrintButtons();
    markClauseLinks();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
