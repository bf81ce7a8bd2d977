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
  entries = data.docs.map(function (doc) {
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
  });
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

function search(query) {
  var queryTerms = terms(query);
  if (!queryTerms.length) { return {items: []}; }
  var groups = {}, order = [];
  entries.forEach(function (entry) {
    var scored = scoreEntry(entry, queryTerms);
    if (!scored) { return; }
    if (!groups[entry.page]) { groups[entry.page] = []; order.push(entry.page); }
    groups[entry.page].push(result(entry, scored, queryTerms));
  });
  var items = order.map(function (page) {
    var group = groups[page].sort(better);
    if (!group.some(function (r) { return r.location === page; })) {
      var pageEntry = entries.filter(function (e) { return e.doc.location === page; })[0];
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
  self.postMessage({type: RESULT, data: search(query)});
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setup(message.data);
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    /* Answer after the messages already queued: only the newest of them is searched. */
    pending = message.data || "";
    if (!scheduled) { scheduled = true; setTimeout(answer, 0); }
  }
};
