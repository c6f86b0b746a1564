/* c2e player runtime adapter: SCORM 2004 4th edition (one SCO). Same interface as runtime/standalone.js.
 *
 * Finds the LMS's `API_1484_11` object by walking window.parent up to the top, then window.opener and its
 * parents (bounded loops; cross-origin frames are skipped). Without an API it falls back to the standalone
 * adapter, silently. Every call is checked with GetLastError; problems go to `errors`, never into the page
 * (GetValue of an element the LMS has not set yet, error 403, is expected and not recorded).
 *
 * Data model use: cmi.completion_status (incomplete on first launch, completed when every screen was seen),
 * cmi.location (current screen id, at most 1,000 characters), cmi.suspend_data (seen-set, at most 64,000),
 * cmi.exit ("suspend" until completed, so a crash still resumes; "normal" once completed),
 * cmi.session_time (ISO 8601 duration, PT1H2M3.45S) at finish; knowledge checks: cmi.score.scaled/raw/min/max,
 * cmi.success_status passed/failed, cmi.interactions.n.* (id, type, timestamp, learner_response,
 * correct_responses.0.pattern, result correct/incorrect, description, latency as an ISO 8601 duration).
 * Navigation: a SCO that is one part of several (a module or micro-item, launched with ?part=, see
 * body[data-part]) asks the LMS for the next one as it ends completed (adl.nav.request "continue", unless
 * adl.nav.request_valid.continue says "false"); the one-SCO course leaves navigation to the LMS.
 */
(function (window) {
  "use strict";

  var MAX_SUSPEND = 64000;
  var MAX_LOCATION = 1000;
  var MAX_ERRORS = 50;
  var NOT_INITIALIZED = "403";
  var INTERACTION_TYPES = { "choice": "choice", "multiple-response": "choice", "true-false": "true-false",
    "fill-in": "fill-in" };
  var DELIMITER = "[,]";

  var lmsApi = window.C2ELmsApi;
  var pad = lmsApi.pad;

  function findApi() { return lmsApi.find("API_1484_11", "Initialize"); }

  /* Whether the page was launched as one module or micro-item of a several-SCO package (the player sets
   * body[data-part] before the adapter starts). */
  function onePartOfSeveral() {
    var body = window.document && window.document.body;
    return Boolean(body && body.getAttribute("data-part"));
  }

  /* Milliseconds -> ISO 8601 duration "PT1H2M3.45S" (hundredths of a second; zero hours and minutes left out). */
  function isoDuration(milliseconds) {
    var total = Math.max(0, Math.round((Number(milliseconds) || 0) / 10));
    var hours = Math.floor(total / 360000);
    var minutes = Math.floor((total % 360000) / 6000);
    var seconds = Math.floor((total % 6000) / 100);
    var hundredths = total % 100;
    var text = "PT";
    if (hours > 0) { text += hours + "H"; }
    if (hours > 0 || minutes > 0) { text += minutes + "M"; }
    return text + seconds + (hundredths > 0 ? "." + pad(hundredths, 2) : "") + "S";
  }

  /* Date -> ISO 8601 timestamp in UTC with hundredths, "2026-12-07T01:02:03.45Z" (SCORM 2004 RTE time). */
  function isoTimestamp(date) {
    return date.getUTCFullYear() + "-" + pad(date.getUTCMonth() + 1, 2) + "-" + pad(date.getUTCDate(), 2) + "T" +
      pad(date.getUTCHours(), 2) + ":" + pad(date.getUTCMinutes(), 2) + ":" + pad(date.getUTCSeconds(), 2) + "." +
      pad(Math.floor(date.getUTCMilliseconds() / 10), 2) + "Z";
  }

  /* A number as a SCORM real(10,7): finite, at most 7 decimals. */
  function real(value, fallback) {
    var number = Number(value);
    if (!isFinite(number)) { number = fallback; }
    return String(Math.round(number * 1e7) / 1e7);
  }

  function identifier(value, fallback) {
    var text = String(value === undefined || value === null ? "" : value).replace(/[^A-Za-z0-9_.:-]/g, "-");
    return (/[A-Za-z0-9]/.test(text) ? text : fallback).slice(0, 250);
  }

  function listOf(value) {
    if (Object.prototype.toString.call(value) === "[object Array]") { return value; }
    return String(value === undefined || value === null ? "" : value).split(",");
  }

  /* 2004 vocabulary: true-false is "true"/"false"; choices are short identifiers joined with "[,]". */
  function response2004(type, value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (type === "true-false") { return value === true || text === "true" || text === "t" ? "true" : "false"; }
    if (type === "choice") {
      var seen = {};
      return listOf(value).map(function (part) { return identifier(String(part).trim(), "x"); })
        .filter(function (part) { var fresh = !seen[part]; seen[part] = true; return fresh; })
        .slice(0, 36).join(DELIMITER);
    }
    return text.split(DELIMITER).join(",").slice(0, 250);
  }

  function createScorm2004Runtime() {
    var api = null;
    var fallback = null;
    var started = null;
    var finished = false;
    var completed = false;
    var startedAt = 0;
    var adapter = { name: "scorm2004", connected: false, errors: [], isoDuration: isoDuration,
      isoTimestamp: isoTimestamp, suspendBudget: MAX_SUSPEND };

    function record(call, code, message) {
      if (adapter.errors.length < MAX_ERRORS) {
        adapter.errors.push({ call: call, code: String(code), message: String(message || "") });
      }
    }

    /* The error code after a call ("0" when none), recorded unless it is an expected one. */
    function lastError(label, expected) {
      var code = "0";
      try { code = String(api.GetLastError()); } catch (error) { code = "0"; }
      if (code === "") { code = "0"; }
      if (code !== "0" && code !== expected) {
        var text = "";
        try { text = String(api.GetErrorString(code)) + " " + String(api.GetDiagnostic(code)); } catch (error) { text = ""; }
        record(label, code, text);
      }
      return code;
    }

    /* Call an LMS function; returns its result as a string ("" when it threw or GetValue failed). */
    function call(method, args, label) {
      var result;
      var getter = method === "GetValue";
      label = label || method;
      try {
        result = api[method].apply(api, args);
      } catch (error) {
        record(label, "exception", error && error.message);
        return "";
      }
      var code = lastError(label, getter ? NOT_INITIALIZED : null);
      result = result === null || result === undefined ? "" : String(result);
      if (code === "0" && !getter && result !== "true") { record(label, "false", "returned " + result); }
      return code !== "0" && getter ? "" : result;
    }

    function get(element) { return call("GetValue", [element], "GetValue " + element); }
    function set(element, value) { return call("SetValue", [element, value], "SetValue " + element) === "true"; }
    function commit() { return call("Commit", [""]) === "true"; }

    function startFallback() {
      var create = window.C2ECreateStandaloneRuntime;
      fallback = typeof create === "function" ? create("scorm2004") : {
        start: function () { return { location: "", suspend: "", completed: false }; },
        save: function () {}, complete: function () {}, finish: function () {}
      };
      return fallback.start();
    }

    adapter.start = function () {
      if (started) { return started; }
      startedAt = Date.now();
      api = findApi();
      if (api && call("Initialize", [""]) !== "true") { api = null; }
      if (!api) { started = startFallback(); return started; }
      adapter.connected = true;
      var entry = get("cmi.entry");
      completed = get("cmi.completion_status") === "completed";
      if (!completed) {
        set("cmi.completion_status", "incomplete");
        set("cmi.exit", "suspend");
      }
      commit();
      var resumed = entry !== "ab-initio";
      started = {
        entry: entry,
        location: resumed ? get("cmi.location") : "",
        suspend: resumed ? get("cmi.suspend_data") : "",
        completed: completed
      };
      return started;
    };

    adapter.save = function (state) {
      if (fallback) { fallback.save(state); return; }
      if (!api || finished) { return; }
      var location = String((state && state.location) || "");
      var suspend = String((state && state.suspend) || "");
      if (location.length <= MAX_LOCATION) { set("cmi.location", location); }
      set("cmi.suspend_data", suspend.length > MAX_SUSPEND ? suspend.slice(0, MAX_SUSPEND) : suspend);
      commit();
    };

    adapter.complete = function () {
      if (fallback) { fallback.complete(); return; }
      if (!api || finished || completed) { return; }
      completed = set("cmi.completion_status", "completed");
      if (completed) { set("cmi.exit", "normal"); }
      commit();
    };

    adapter.score = function (score) {
      if (fallback) { if (fallback.score) { fallback.score(score); } return; }
      if (!api || finished || !score) { return; }
      var scaled = Math.max(-1, Math.min(1, Number(score.scaled) || 0));
      set("cmi.score.scaled", real(scaled, 0));
      set("cmi.score.min", real(score.min, 0));
      set("cmi.score.max", real(score.max, 100));
      set("cmi.score.raw", real(score.raw, 0));
      commit();
    };

    adapter.success = function (passed) {
      if (fallback) { if (fallback.success) { fallback.success(passed); } return; }
      if (!api || finished) { return; }
      set("cmi.success_status", passed === true ? "passed" : "failed");
      commit();
    };

    adapter.interaction = function (record) {
      if (fallback) { if (fallback.interaction) { fallback.interaction(record); } return; }
      if (!api || finished || !record) { return; }
      var count = Number(get("cmi.interactions._count")) || 0;
      var prefix = "cmi.interactions." + count + ".";
      var type = INTERACTION_TYPES[record.type] || "fill-in";
      if (!set(prefix + "id", identifier(record.id, "q" + count))) { return; }
      set(prefix + "type", type);
      set(prefix + "timestamp", isoTimestamp(new Date()));
      if (record.description) { set(prefix + "description", String(record.description).slice(0, 250)); }
      set(prefix + "learner_response", response2004(type, record.response));
      if (record.correct !== undefined) { set(prefix + "correct_responses.0.pattern", response2004(type, record.correct)); }
      if (Number(record.latency) > 0) { set(prefix + "latency", isoDuration(record.latency)); }
      set(prefix + "result", record.result === "correct" ? "correct" : "incorrect");
      commit();
    };

    adapter.finish = function () {
      if (finished) { return; }
      finished = true;
      if (fallback) { fallback.finish(); return; }
      if (!api) { return; }
      set("cmi.session_time", isoDuration(Date.now() - startedAt));
      set("cmi.exit", completed ? "normal" : "suspend");
      if (completed && onePartOfSeveral() && get("adl.nav.request_valid.continue") !== "false") {
        set("adl.nav.request", "continue");
      }
      commit();
      call("Terminate", [""]);
    };

    return adapter;
  }

  window.C2ERuntime = createScorm2004Runtime();
}(window));
