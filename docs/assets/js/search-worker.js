/* policysite search worker: a drop-in for Material's lunr worker (same messages, same result
   shape), built for Chinese policy text.

   Material's worker splits a Chinese query against the index vocabulary and matches the pieces
   as word prefixes, so 「民政局」 misses 「市民政局」 and 「党建引领」 is reduced to 「党建」.  Here a
   query is matched as written, inside words: every term is looked up as a substring of each
   section's title and text; a term not found whole still counts when most of its character
   pairs are (容错机制 → 容错纠错机制).  Words jieba segmented at build time (the U+200B marks in
   the index) give a bonus when a match is a whole word.

   Scores: a title match counts far more than a text match, an exact title most; entity pages
   (bodies, mechanisms, cited documents) are pages of their own and so rank first for their
   name; sections of the same page are grouped as Material shows them.  A query of several
   words separated by spaces ranks first the sections that hold all of them (coverage before
   score), so a title holding one word cannot outrank the clause holding every word.

   Only the newest query is answered: queries that arrive while the worker is busy are
   coalesced, so a slow answer to an older query never replaces the answer to what is in the box.

   Two sources of sections, one scoring:
   - a served site: Pagefind (pagefind/, built after the pages).  Pagefind finds the candidate
     pages from its chunked index; the fragments of the best of them (their text and headings)
     are cut into sections here and scored as below.  Nothing else is downloaded.
   - the copy opened from disk (file://, where a browser cannot fetch Pagefind's chunks):
     Material's search index, every section sent at setup.
   search_index.json says which: its config carries "pagefind" on a served site.

   Messages (as Material's): {type: 0, data: {config, docs, options}} → {type: 1};
   {type: 2, data: query} → {type: 3, data: {items: [[result, …], …]}}. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var ZWSP = "\u200b";
var MAX_GROUPS = 60;
var SNIPPET_BEFORE = 30, SNIPPET_LENGTH = 140;
var TITLE_WEIGHT = 12, EXACT_TITLE_WEIGHT = 40, TEXT_WEIGHT = 1, PAGE_TITLE_BONUS = 1.5;
var PARTIAL_MIN = 0.6, PARTIAL_WEIGHT = 0.4, WORD_BONUS = 1.3;

var entries = [];
var pagefindReady = null, latest = 0;
var PAGEFIND_TOP = 12, PAGEFIND_TERM_TOP = 6;
var sectionCache = new Map();  /* page url → its sections, cut once per visit */
var WORD_SPLIT = /[\s\u200b]+/;

var ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&nbsp;": " "};

function plain(html) {
  return (html || "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&#(\d+);/g, function (_, n) { return String.fromCodePoint(+n); })
    .replace(/&#x([0-9a-f]+);/gi, function (_, n) { return String.fromCodePoint(parseInt(n, 16)); })
    .replace(/&[a-z]+;|&#39;/g, function (e) { return ENTITIES[e] || e; })
    .replace(/\s+/g, " ")
    .trim();
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
  });
}

function setup(data) {
  entries = data.docs.map(makeEntry);
}

function makeEntry(doc) {
    var title = plain(doc.title), text = plain(doc.text);
    return {
      doc: doc,
      page: doc.location.split("#")[0],
      isPage: doc.location.indexOf("#") < 0,
      title: title.split(ZWSP).join("").toLowerCase(),
      text: text.split(ZWSP).join("").toLowerCase(),
      displayTitle: title.split(ZWSP).join(""),
      displayText: text.split(ZWSP).join(""),
      words: ZWSP + title.toLowerCase() + ZWSP + text.toLowerCase() + ZWSP,
      boost: typeof doc.boost === "number" ? doc.boost : 1
    };
}

function terms(query) {
  var cleaned = query.toLowerCase().replace(/[+\-*~^:"'“”‘’《》()（）,，.。、;；!！?？]/g, " ");
  var seen = {};
  return cleaned.split(/\s+/).filter(function (t) {
    if (!t || seen[t]) { return false; }
    seen[t] = true;
    return true;
  });
}

function count(haystack, needle) {
  var n = 0, at = haystack.indexOf(needle);
  while (at >= 0 && n < 20) { n++; at = haystack.indexOf(needle, at + needle.length); }
  return n;
}

function pairs(term) {
  var out = [];
  for (var i = 0; i + 1 < term.length; i++) { out.push(term.slice(i, i + 2)); }
  return out;
}

function partial(haystack, term) {
  var ps = pairs(term);
  if (ps.length < 2) { return 0; }
  var hit = ps.filter(function (p) { return haystack.indexOf(p) >= 0; }).length / ps.length;
  return hit >= PARTIAL_MIN ? hit : 0;
}

function isWord(entry, term) {
  return entry.words.indexOf(ZWSP + term + ZWSP) >= 0;
}

function scoreEntry(entry, queryTerms) {
  var score = 0, matched = {}, found = 0;
  queryTerms.forEach(function (term) {
    var s = 0;
    var inTitle = count(entry.title, term), inText = count(entry.text, term);
    if (entry.title === term) { s += EXACT_TITLE_WEIGHT; }
    if (inTitle) { s += TITLE_WEIGHT * (entry.isPage ? PAGE_TITLE_BONUS : 1); }
    if (inText) { s += TEXT_WEIGHT * (1 + Math.log(inText)); }
    if (!inTitle && !inText) {
      s += TITLE_WEIGHT * PARTIAL_WEIGHT * partial(entry.title, term);
      s += TEXT_WEIGHT * PARTIAL_WEIGHT * partial(entry.text, term);
    } else if (isWord(entry, term)) {
      s *= WORD_BONUS;
    }
    matched[term] = s > 0;
    if (s > 0) { found += (inTitle || inText) ? 1 : 0.5; }
    score += s;
  });
  if (!found) { return null; }
  var coverage = found / queryTerms.length;
  return {score: score * coverage * coverage * entry.boost, coverage: coverage, matched: matched};
}

function highlight(text, queryTerms) {
  var lower = text.toLowerCase(), marks = [];
  queryTerms.forEach(function (term) {
    var at = lower.indexOf(term);
    while (at >= 0) { marks.push([at, at + term.length]); at = lower.indexOf(term, at + term.length); }
  });
  marks.sort(function (a, b) { return a[0] - b[0]; });
  var out = "", pos = 0;
  marks.forEach(function (m) {
    if (m[0] < pos) { return; }
    out += escapeHtml(text.slice(pos, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
    pos = m[1];
  });
  return out + escapeHtml(text.slice(pos));
}

function snippet(entry, queryTerms) {
  var text = entry.displayText;
  if (!text) { return ""; }
  var lower = text.toLowerCase(), first = -1;
  queryTerms.forEach(function (term) {
    var at = lower.indexOf(term);
    if (at >= 0 && (first < 0 || at < first)) { first = at; }
  });
  var start = Math.max(0, first - SNIPPET_BEFORE);
  var cut = text.slice(start, start + SNIPPET_LENGTH);
  return "<p>" + (start > 0 ? "…" : "") + highlight(cut, queryTerms) +
    (start + SNIPPET_LENGTH < text.length ? "…" : "") + "</p>";
}

function result(entry, scored, queryTerms) {
  var terms = {};
  queryTerms.forEach(function (t) { terms[t] = scored ? scored.matched[t] : false; });
  return {
    location: entry.doc.location,
    title: highlight(entry.displayTitle, queryTerms),
    text: scored ? snippet(entry, queryTerms) : "",
    tags: entry.doc.tags,
    score: scored ? scored.score : 0,
    coverage: scored ? scored.coverage : 0,
    terms: terms
  };
}

function search(query, list) {
  var queryTerms = terms(query);
  if (!queryTerms.length) { return {items: []}; }
  var groups = {}, order = [];
  list.forEach(function (entry) {
    var scored = scoreEntry(entry, queryTerms);
    if (!scored) { return; }
    if (!groups[entry.page]) { groups[entry.page] = []; order.push(entry.page); }
    groups[entry.page].push(result(entry, scored, queryTerms));
  });
  var items = order.map(function (page) {
    var group = groups[page].sort(better);
    if (!group.some(function (r) { return r.location === page; })) {
      var pageEntry = list.filter(function (e) { return e.doc.location === page; })[0];
      if (pageEntry) { group.push(result(pageEntry, null, queryTerms)); }
    }
    return group;
  });
  items.sort(function (a, b) { return better(a[0], b[0]); });
  return {items: items.slice(0, MAX_GROUPS)};
}

/* More query words held first (several-word queries), then the higher score. */
function better(a, b) {
  if (a.coverage !== b.coverage) { return b.coverage - a.coverage; }
  return b.score - a.score;
}

var pending = null, scheduled = false;

function answer() {
  scheduled = false;
  if (pending === null) { return; }
  var query = pending;
  pending = null;
  if (pagefindReady) {
    searchPagefind(query, ++latest);
  } else {
    self.postMessage({type: RESULT, data: search(query, entries)});
  }
}

/* -- Pagefind ------------------------------------------------------------------------------ */
function setupPagefind(config) {
  /* this worker is assets/js/search-worker.js: the site's root is two folders up */
  var bundle = new URL("../../", self.location.href).href + config.pagefind;
  pagefindReady = fetch(bundle + "words.txt").then(function (response) {
    return response.ok ? response.text() : "";
  }).then(function (text) {
    segmentLike(text ? text.split("\n") : []);
    return import(bundle + "pagefind.js");
  }).then(function (pagefind) {
    return Promise.resolve(pagefind.options({baseUrl: "/"})).then(function () {
      /* load the index's entry, metadata and WebAssembly now, while the page loads */
      return pagefind.init ? pagefind.init() : null;
    }).then(function () {
      return pagefind;
    });
  });
}

/* Pagefind cut the indexed text into words with its own Chinese dictionary, but segments a
   query with Intl.Segmenter, which splits words it does not know (容错 → 容 错), so they would
   never be found.  Word segmentation here follows the index: the longest run of characters
   that is a word of the index (pagefind/words.txt), else one character. */
var CJK_RUN = /([\u3400-\u9fff\uf900-\ufaff]+)/;
var vocabulary = new Set(), longest = 1;

/* A run of Chinese characters cut into the index's words, longest first. */
function cutRun(run) {
  var out = [], at = 0;
  while (at < run.length) {
    var n = Math.min(longest, run.length - at);
    while (n > 1 && !vocabulary.has(run.substr(at, n))) { n--; }
    out.push(run.substr(at, n));
    at += n;
  }
  return out;
}

/* A query term cut into the index's words (Chinese runs; other text stays whole). */
function cut(term) {
  var out = [];
  term.split(CJK_RUN).forEach(function (run, i) {
    if (run) { out = out.concat(i % 2 ? cutRun(run) : [run]); }
  });
  return out;
}

function segmentLike(words) {
  if (typeof Intl === "undefined" || !Intl.Segmenter || !words.length) { return; }
  vocabulary = new Set(words);
  words.forEach(function (w) { if (w.length > longest) { longest = w.length; } });
  var Original = Intl.Segmenter;
  function Segmenter(locale, options) {
    this.inner = new Original(locale, options);
    this.byWord = !!options && options.granularity === "word";
  }
  Segmenter.prototype.segment = function (text) {
    if (!this.byWord) { return this.inner.segment(text); }
    var inner = this.inner, out = [];
    String(text).split(CJK_RUN).forEach(function (run, i) {
      if (!run) { return; }
      if (i % 2 === 0) {
        for (var part of inner.segment(run)) { out.push({segment: part.segment}); }
        return;
      }
      cutRun(run).forEach(function (word) { out.push({segment: word}); });
    });
    return out;
  };
  Intl.Segmenter = Segmenter;
}

function searchPagefind(query, seq) {
  var queryTerms = terms(query);
  if (!queryTerms.length) {
    self.postMessage({type: RESULT, data: {items: []}});
    return;
  }
  var pagefind;
  pagefindReady.then(function (pf) {
    pagefind = pf;
    /* the whole query, then each word of it, and each word the index cut a term into: a page
       holding a term found by the scoring below is then among the candidates */
    var asked = [queryTerms.join(" ")];
    queryTerms.forEach(function (term) {
      var parts = cut(term);
      if (queryTerms.length > 1) { asked.push(term); }
      if (parts.length > 1) { asked = asked.concat(parts); }
    });
    asked = asked.filter(function (q, i) { return asked.indexOf(q) === i; });
    return Promise.all(asked.map(function (q) { return pagefind.search(q); }));
  }).then(function (answers) {
    if (seq !== latest) { return null; }  /* a newer query is in the box */
    var seen = {}, picked = [];
    answers.forEach(function (found, i) {
      ((found && found.results) || []).slice(0, i === 0 ? PAGEFIND_TOP : PAGEFIND_TERM_TOP)
        .forEach(function (r) {
          if (!seen[r.id]) { seen[r.id] = true; picked.push(r); }
        });
    });
    return Promise.all(picked.map(function (r) {
      if (sectionCache.has(r.id)) { return sectionCache.get(r.id); }
      return r.data().then(function (fragment) {
        var sections = sectionsOf(fragment);
        sectionCache.set(r.id, sections);
        return sections;
      });
    }));
  }).then(function (pages) {
    if (!pages || seq !== latest) { return; }
    var list = [];
    pages.forEach(function (sections) { list = list.concat(sections); });
    self.postMessage({type: RESULT, data: search(query, list)});
  }).catch(function (error) {
    if (seq === latest) { self.postMessage({type: RESULT, data: {items: []}}); }
    console.error("policysite search:", error);
  });
}

/* A Pagefind fragment (one page) as the entries Material's index would hold: the page (title
   and the text before its first section) and one entry per heading with an id. */
function sectionsOf(fragment) {
  var page = fragment.url.replace(/^\//, "");
  /* raw_content keeps the word breaks (U+200B) the anchors' locations count */
  var words = (fragment.raw_content || fragment.content).split(WORD_SPLIT);
  var boost = parseFloat((fragment.meta && fragment.meta.boost) || "1") || 1;
  var headings = (fragment.anchors || []).filter(function (a) {
    return /^h[1-6]$/.test(a.element) && a.id;
  });
  var pageTitle = ((fragment.meta && fragment.meta.title) || "").replace(/¶/g, "").trim();
  var out = [];
  function add(location, title, start, end) {
    var text = words.slice(start, end).join("");
    var head = title.replace(/[\s\u200b]+/g, "");
    if (text.indexOf(head) === 0) { text = text.slice(head.length); }
    text = text.replace(/¶/g, "");
    out.push(makeEntry({location: location, title: title, text: text, boost: boost}));
  }
  var first = headings.length && headings[0].element === "h1" ? 1 : 0;
  add(page, pageTitle, 0, first < headings.length ? headings[first].location : words.length);
  for (var i = first; i < headings.length; i++) {
    var h = headings[i];
    var end = i + 1 < headings.length ? headings[i + 1].location : words.length;
    add(page + "#" + h.id, h.text.replace(/¶/g, "").trim(), h.location, end);
  }
  return out;
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    var config = (message.data && message.data.config) || {};
    if (config.pagefind) {
      setupPagefind(config);
    } else {
      setup(message.data);
    }
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    /* Answer after the messages already queued: only the newest of them is searched. */
    pending = message.data || "";
    if (!scheduled) { scheduled = true; setTimeout(answer, 0); }
  }
};
