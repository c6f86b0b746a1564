/* c2e player runtime adapter: standalone (no LMS). Progress is kept in localStorage per course, or in
 * memory when storage is blocked (sandboxed frames, private modes).
 *
 * Adapter interface (every runtime/<standard>.js sets window.C2ERuntime to an object like this one):
 *   name       string, the standard ("standalone", "scorm12", ...)
 *   connected  boolean, true once start() reached an LMS/LRS (false for standalone and fallbacks)
 *   errors     array of {call, code, message} the adapter recorded; it never throws into the page
 *   start()    -> {location: string, suspend: string, completed: boolean}; called once when the page is ready
 *   launch     optional object set by start(): what the LMS said at launch (cmi5: masteryScore wins the page's)
 *   save({location, suspend})   called on every screen change: location = screen id, suspend = seen-set string
 *   complete() called once, when every screen has been seen
 *   score({raw, min, max, scaled})   a knowledge-check score (scaled 0..1)
 *   success(passed)                  true when the learner passed (mastery reached), false when failed
 *   interaction({id, type, response, correct, result, description, choices})   one try at a question: type is
 *              "choice" | "true-false" | "fill-in" | "multiple-response"; result "correct" | "incorrect";
 *              response and correct: option values (arrays) or the typed text; choices: [{id, description}]
 *   suspendBudget  optional number: the most characters of suspend data the LMS keeps (default 4,096)
 *   finish()   called once, on pagehide (beforeunload as fallback); ends the session
 * This file also exposes window.C2ECreateStandaloneRuntime(name) so other adapters can fall back to it.
 */
(function (window, document) {
  "use strict";

  /* One record per course, and per part when launched as one (?part=<module or micro-item id>). */
  function storageKey() {
    var id = document.documentElement.getAttribute("data-course") || "course";
    var part = /[?&]part=([^&]*)/.exec(window.location.search || "");
    return "c2e:" + id + (part && part[1] ? ":" + part[1] : "");
  }

  function createStandaloneRuntime(name) {
    var key = storageKey();
    var memory = {};

    function read() {
      try {
        var raw = window.localStorage.getItem(key);
        var record = raw ? JSON.parse(raw) : null;
        return record && typeof record === "object" ? record : memory;
      } catch (error) {
        return memory;
      }
    }

    function write(record) {
      memory = record;
      try {
        window.localStorage.setItem(key, JSON.stringify(record));
      } catch (error) {
        /* storage blocked or full: progress lives in memory for this visit */
      }
    }

    function update(changes) {
      var record = read();
      var copy = {};
      var field;
      for (field in record) { if (Object.prototype.hasOwnProperty.call(record, field)) { copy[field] = record[field]; } }
      for (field in changes) { if (Object.prototype.hasOwnProperty.call(changes, field)) { copy[field] = changes[field]; } }
      write(copy);
    }

    return {
      name: name || "standalone",
      connected: false,
      errors: [],
      start: function () {
        var record = read();
        return {
          location: typeof record.location === "string" ? record.location : "",
          suspend: typeof record.suspend === "string" ? record.suspend : "",
          completed: record.completed === true
        };
      },
      save: function (state) {
        update({ location: String(state.location || ""), suspend: String(state.suspend || "") });
      },
      complete: function () {
        update({ completed: true });
      },
      score: function (score) {
        update({ score: { raw: Number(score.raw), min: Number(score.min), max: Number(score.max), scaled: Number(score.scaled) } });
      },
      success: function (passed) {
        update({ success: passed === true ? "passed" : "failed" });
      },
      interaction: function (record) {
        var saved = read().interactions;
        var list = Object.prototype.toString.call(saved) === "[object Array]" ? saved.slice(0, 999) : [];
        list.push(record);
        update({ interactions: list });
      },
      finish: function () {
        /* nothing to close: every change was already written */
      }
    };
  }

  window.C2ECreateStandaloneRuntime = createStandaloneRuntime;
  window.C2ERuntime = createStandaloneRuntime("standalone");
}(window, document));
