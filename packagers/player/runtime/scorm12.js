/* c2e player runtime adapter: SCORM 1.2 (one SCO). Same interface as runtime/standalone.js.
 *
 * Finds the LMS's `API` object through runtime/lms-api.js (parents, then the opener; cross-origin frames skipped). Without an API it falls back to the standalone adapter,
 * silently. Every call is checked with LMSGetLastError; problems go to `errors`, never into the page.
 *
 * Data model use: cmi.core.lesson_status (incomplete on first launch, completed when every screen was seen),
 * cmi.core.lesson_location (current screen id), cmi.suspend_data (seen-set, at most 4,096 characters),
 * cmi.core.exit ("suspend" until completed, so a crash still resumes), cmi.core.session_time at finish;
 * once the checks set passed or failed, "completed" no longer replaces it (1.2 has one status);
 * knowledge checks: cmi.core.score.raw/min/max (0-100), cmi.core.lesson_status passed/failed,
 * cmi.interactions.n.* (id, type, student_response, correct_responses.0.pattern, result, time, latency).
 */
(function (window) {
  "use strict";

  var MAX_SUSPEND = 4096;
  var MAX_LOCATION = 255;
  var MAX_ERRORS = 50;
  var INTERACTION_TYPES = { "choice": "choice", "multiple-response": "choice", "true-false": "true-false",
    "fill-in": "fill-in" };
  var MAX_CENTISECONDS = ((9999 * 60 + 59) * 60 + 59) * 100 + 99;

  var lmsApi = window.C2ELmsApi;
  var pad = lmsApi.pad;

  function findApi() { return lmsApi.find("API", "LMSInitialize"); }

  /* Milliseconds -> CMITimespan "HHHH:MM:SS.SS" (hours 2 to 4 digits, capped at 9999:59:59.99). */
  function cmiTimespan(milliseconds) {
    var total = Math.min(MAX_CENTISECONDS, Math.max(0, Math.round((Number(milliseconds) || 0) / 10)));
    var hours = Math.floor(total / 360000);
    var minutes = Math.floor((total % 360000) / 6000);
    var seconds = Math.floor((total % 6000) / 100);
    return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(total % 100, 2);
  }

  function createScorm12Runtime() {
    var api = null;
    var fallback = null;
    var started = null;
    var finished = false;
    var completed = false;
    var startedAt = 0;
    var success = "";
    var adapter = { name: "scorm12", connected: false, errors: [], cmiTimespan: cmiTimespan, suspendBudget: MAX_SUSPEND };

    function record(call, code, message) {
      if (adapter.errors.length < MAX_ERRORS) {
        adapter.errors.push({ call: call, code: String(code), message: String(message || "") });
      }
    }

    function lastError(call) {
      var code = "0";
      try { code = String(api.LMSGetLastError()); } catch (error) { code = "0"; }
      if (code !== "0" && code !== "") {
        var text = "";
        try { text = String(api.LMSGetErrorString(code)) + " " + String(api.LMSGetDiagnostic(code)); } catch (error) { text = ""; }
        record(call, code, text);
        return true;
      }
      return false;
    }

    /* Call an LMS function; returns its result as a string ("" when it threw). */
    function call(method, args, label) {
      var result;
      try {
        result = api[method].apply(api, args);
      } catch (error) {
        record(label || method, "exception", error && error.message);
        return "";
      }
      var failed = lastError(label || method);
      result = result === null || result === undefined ? "" : String(result);
      if (!failed && method !== "LMSGetValue" && result !== "true") { record(label || method, "false", "returned " + result); }
      return failed && method === "LMSGetValue" ? "" : result;
    }

    function get(element) { return call("LMSGetValue", [element], "LMSGetValue " + element); }
    function set(element, value) { return call("LMSSetValue", [element, value], "LMSSetValue " + element) === "true"; }
    function commit() { return call("LMSCommit", [""]) === "true"; }

    function startFallback() {
      var create = window.C2ECreateStandaloneRuntime;
      fallback = typeof create === "function" ? create("scorm12") : {
        start: function () { return { location: "", suspend: "", completed: false }; },
        save: function () {}, complete: function () {}, finish: function () {}
      };
      return fallback.start();
    }

    adapter.start = function () {
      if (started) { return started; }
      startedAt = Date.now();
      api = findApi();
      if (api && call("LMSInitialize", [""]) !== "true") { api = null; }
      if (!api) { started = startFallback(); return started; }
      adapter.connected = true;
      var entry = get("cmi.core.entry");
      var status = get("cmi.core.lesson_status");
      completed = status === "completed" || status === "passed";
      if (status === "" || status === "not attempted") { set("cmi.core.lesson_status", "incomplete"); }
      if (!completed) { set("cmi.core.exit", "suspend"); }
      commit();
      started = {
        entry: entry,
        location: get("cmi.core.lesson_location"),
        suspend: get("cmi.suspend_data"),
        completed: completed
      };
      return started;
    };

    adapter.save = function (state) {
      if (fallback) { fallback.save(state); return; }
      if (!api || finished) { return; }
      var location = String((state && state.location) || "");
      var suspend = String((state && state.suspend) || "");
      if (location.length <= MAX_LOCATION) { set("cmi.core.lesson_location", location); }
      set("cmi.suspend_data", suspend.length > MAX_SUSPEND ? suspend.slice(0, MAX_SUSPEND) : suspend);
      commit();
    };

    adapter.complete = function () {
      if (fallback) { fallback.complete(); return; }
      if (!api || finished || completed || success) { return; }  // passed/failed already says it is done
      completed = set("cmi.core.lesson_status", "completed");
      commit();
    };

    function clock() {
      var now = new Date();
      return pad(now.getHours(), 2) + ":" + pad(now.getMinutes(), 2) + ":" + pad(now.getSeconds(), 2);
    }

    /* 1.2 vocabulary: a true-false response is "t"/"f"; results are "correct"/"wrong". */
    function response12(type, value) {
      var text = String(value === undefined || value === null ? "" : value);
      if (type === "true-false") { return text === "true" || text === "t" ? "t" : "f"; }
      return text.slice(0, 255);
    }

    adapter.score = function (score) {
      if (fallback) { if (fallback.score) { fallback.score(score); } return; }
      if (!api || finished) { return; }
      var scaled = Math.max(0, Math.min(1, Number(score && score.scaled) || 0));
      set("cmi.core.score.min", "0");
      set("cmi.core.score.max", "100");
      set("cmi.core.score.raw", String(Math.round(scaled * 10000) / 100));
      commit();
    };

    adapter.success = function (passed) {
      if (fallback) { if (fallback.success) { fallback.success(passed); } return; }
      if (!api || finished) { return; }
      success = passed === true ? "passed" : "failed";
      if (set("cmi.core.lesson_status", success) && passed === true) { completed = true; }
      commit();
    };

    adapter.interaction = function (record) {
      if (fallback) { if (fallback.interaction) { fallback.interaction(record); } return; }
      if (!api || finished || !record) { return; }
      var count = Number(get("cmi.interactions._count")) || 0;
      var prefix = "cmi.interactions." + count + ".";
      var type = INTERACTION_TYPES[record.type] || "fill-in";
      set(prefix + "id", String(record.id || ("q" + count)).replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 255));
      set(prefix + "type", type);
      set(prefix + "time", clock());
      set(prefix + "student_response", response12(type, record.response));
      if (record.correct !== undefined) { set(prefix + "correct_responses.0.pattern", response12(type, record.correct)); }
      set(prefix + "result", record.result === "correct" ? "correct" : "wrong");
      if (Number(record.latency) > 0) { set(prefix + "latency", cmiTimespan(record.latency)); }
      commit();
    };

    adapter.finish = function () {
      if (finished) { return; }
      finished = true;
      if (fallback) { fallback.finish(); return; }
      if (!api) { return; }
      set("cmi.core.session_time", cmiTimespan(Date.now() - startedAt));
      set("cmi.core.exit", completed || success === "failed" ? "" : "suspend");
      commit();
      call("LMSFinish", [""]);
    };

    return adapter;
  }

  window.C2ERuntime = createScorm12Runtime();
}(window));
