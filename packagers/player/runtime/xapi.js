/* c2e player runtime adapter: xAPI 1.0.3 (Tin Can) launched per the Rustici launch document. Same interface as
 * runtime/standalone.js.
 *
 * Launch: the LMS opens index.html?endpoint=<LRS url>&auth=<Authorization value>&actor=<JSON agent>
 * &registration=<UUID>&activity_id=<course IRI>. `actor` may be an xAPI 1.0 agent (mbox, mbox_sha1sum, openid
 * or account) or the Tin Can 0.9 form the launch document shows (arrays: name[], mbox[],
 * account[{accountServiceHomePage, accountName}]). Without endpoint and a usable actor the adapter falls back
 * to the standalone one, silently. Without activity_id the course IRI is the default one tincan.xml uses,
 * https://classroom-to-elearning.org/xapi/course/<course id>.
 *
 * Statements (ADL verbs), each with an id (UUID v4 from crypto.getRandomValues), an ISO 8601 timestamp, the
 * launch's registration in context, and the course in contextActivities.grouping (parent: the screen's module,
 * <course IRI>/module/<module id> as in tincan.xml, or the course for a question; none when the object is the
 * course itself):
 *   start:       launched, initialized (object: the course)
 *   save:        experienced (object: <course IRI>/screen/<screen id>), once per screen change
 *   interaction: answered (object: <course IRI>/question/<id>, cmi.interaction, result.response/success)
 *   complete:    completed (result.completion true)
 *   success:     passed | failed (result.success, and result.score when score() came first)
 *   finish:      terminated (result.duration, ISO 8601) on pagehide
 * Statements are queued and POSTed as arrays, one request at a time, so the LRS stores them in order; every
 * request carries X-Experience-API-Version: 1.0.3 and the launch's auth. finish() sends what is left with
 * fetch keepalive, so it outlives the page.
 *
 * Resume: the State API document stateId "c2e.resume" ({location, suspend, completed}) for the course, actor
 * and registration. Decision: start() reads it with one synchronous XMLHttpRequest, because the player's
 * start() must return the saved location at once (a blocked or slow LRS delays the first screen; an error
 * or a 404 starts at the beginning). save() writes it with a synchronous PUT, like an LMS's commit, so no
 * write is in flight when the page goes; finish() writes it once more with keepalive, always last.
 */
(function (window, document) {
  "use strict";

  var VERSION = "1.0.3";
  var DEFAULT_BASE = "https://classroom-to-elearning.org/xapi/course/";
  var STATE_ID = "c2e.resume";
  var MAX_ERRORS = 50;
  var MAX_SUSPEND = 64000;
  var VERBS = "http://adlnet.gov/expapi/verbs/";
  var ACTIVITIES = "http://adlnet.gov/expapi/activities/";
  var INTERACTION_TYPES = { "choice": "choice", "multiple-response": "choice", "true-false": "true-false",
    "fill-in": "fill-in" };
  var DELIMITER = "[,]";

  function queryParameters(search) {
    var params = {};
    String(search || "").replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) { return; }
      var cut = pair.indexOf("=");
      var name = cut < 0 ? pair : pair.slice(0, cut);
      var value = cut < 0 ? "" : pair.slice(cut + 1);
      try {
        params[decodeURIComponent(name.replace(/\+/g, " "))] = decodeURIComponent(value.replace(/\+/g, " "));
      } catch (error) {
        /* a malformed escape: skip that parameter */
      }
    });
    return params;
  }

  function first(value) {
    return Object.prototype.toString.call(value) === "[object Array]" ? value[0] : value;
  }

  /* The launch's actor as an xAPI 1.0 Agent, or null when it identifies nobody. */
  function agentFrom(text) {
    var raw;
    try { raw = JSON.parse(text); } catch (error) { return null; }
    if (!raw || typeof raw !== "object") { return null; }
    var agent = { objectType: "Agent" };
    var name = first(raw.name);
    var account = first(raw.account);
    if (typeof name === "string" && name) { agent.name = name; }
    if (typeof first(raw.mbox) === "string") {
      var mbox = first(raw.mbox);
      agent.mbox = mbox.indexOf("mailto:") === 0 ? mbox : "mailto:" + mbox;
    } else if (typeof first(raw.mbox_sha1sum) === "string") {
      agent.mbox_sha1sum = first(raw.mbox_sha1sum);
    } else if (typeof first(raw.openid) === "string") {
      agent.openid = first(raw.openid);
    } else if (account && typeof account === "object") {
      var home = account.homePage || account.accountServiceHomePage;
      var accountName = account.name || account.accountName;
      if (typeof home !== "string" || typeof accountName !== "string") { return null; }
      agent.account = { homePage: home, name: accountName };
    } else {
      return null;
    }
    return agent;
  }

  function uuid4() {
    var bytes = new Uint8Array(16);
    var hex = [];
    var i;
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (i = 0; i < 16; i += 1) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    for (i = 0; i < 16; i += 1) { hex.push((bytes[i] + 0x100).toString(16).slice(1)); }
    return hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" + hex.slice(6, 8).join("") + "-" +
      hex.slice(8, 10).join("") + "-" + hex.slice(10).join("");
  }

  /* Milliseconds -> ISO 8601 duration "PT1H2M3.45S" (hundredths of a second). */
  function isoDuration(milliseconds) {
    var total = Math.max(0, Math.round((Number(milliseconds) || 0) / 10));
    var hours = Math.floor(total / 360000);
    var minutes = Math.floor((total % 360000) / 6000);
    var seconds = Math.floor((total % 6000) / 100);
    var hundredths = total % 100;
    var text = "PT";
    if (hours > 0) { text += hours + "H"; }
    if (hours > 0 || minutes > 0) { text += minutes + "M"; }
    return text + seconds + (hundredths > 0 ? "." + (hundredths < 10 ? "0" : "") + hundredths : "") + "S";
  }

  function languageMap(text) {
    var lang = document.documentElement.getAttribute("lang") || "und";
    var map = {};
    map[lang] = String(text || "").replace(/\s+/g, " ").trim() || "Untitled";
    return map;
  }

  function verb(name) { return { id: VERBS + name, display: { "en-US": name } }; }

  function listOf(value) {
    if (Object.prototype.toString.call(value) === "[object Array]") { return value; }
    return String(value === undefined || value === null ? "" : value).split(",");
  }

  /* xAPI response vocabulary (like SCORM 2004's): true-false "true"/"false", choices joined with "[,]". */
  function responseText(type, value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (type === "true-false") { return value === true || text === "true" || text === "t" ? "true" : "false"; }
    if (type === "choice") {
      return listOf(value).map(function (part) { return String(part).trim().replace(/[^A-Za-z0-9_.:-]/g, "-"); })
        .filter(function (part) { return part !== ""; }).join(DELIMITER);
    }
    return text;
  }

  function createXapiRuntime() {
    var launch = queryParameters(window.location.search);
    var endpoint = launch.endpoint ? launch.endpoint.replace(/\/?$/, "/") : "";
    var actor = launch.actor ? agentFrom(launch.actor) : null;
    var registration = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(launch.registration || "")
      ? launch.registration.toLowerCase() : "";
    var courseId = launch.activity_id ||
      DEFAULT_BASE + encodeURIComponent(document.documentElement.getAttribute("data-course") || "course");
    var fallback = null;
    var started = null;
    var finished = false;
    var completed = false;
    var startedAt = 0;
    var lastScore = null;
    var lastSaved = null;
    var queue = [];
    var sending = false;
    var adapter = { name: "xapi", connected: false, errors: [], suspendBudget: MAX_SUSPEND,
      isoDuration: isoDuration, uuid4: uuid4, agentFrom: agentFrom };

    function record(call, code, message) {
      if (adapter.errors.length < MAX_ERRORS) {
        adapter.errors.push({ call: call, code: String(code), message: String(message || "") });
      }
    }

    function headers(contentType) {
      var list = { "X-Experience-API-Version": VERSION };
      if (launch.auth) { list.Authorization = launch.auth; }
      if (contentType) { list["Content-Type"] = contentType; }
      return list;
    }

    function stateUrl() {
      var query = "activityId=" + encodeURIComponent(courseId) + "&agent=" + encodeURIComponent(JSON.stringify(actor)) +
        "&stateId=" + encodeURIComponent(STATE_ID);
      if (registration) { query += "&registration=" + encodeURIComponent(registration); }
      return endpoint + "activities/state?" + query;
    }

    function courseActivity() {
      return { objectType: "Activity", id: courseId,
        definition: { type: ACTIVITIES + "course", name: languageMap(document.title) } };
    }

    /* parent: the object's module or the course (none when the object is the course); grouping: the course. */
    function statement(verbName, object, result, parent) {
      var course = { objectType: "Activity", id: courseId };
      var context = { contextActivities: { grouping: [course] } };
      if (object.id !== courseId) { context.contextActivities.parent = [parent || course]; }
      if (registration) { context.registration = registration; }
      var made = { id: uuid4(), actor: actor, verb: verb(verbName), object: object, context: context,
        timestamp: new Date().toISOString() };
      if (result) { made.result = result; }
      return made;
    }

    function request(method, url, body, keepalive, label) {
      if (typeof window.fetch !== "function") { record(label, "no-fetch", "this browser has no fetch"); return null; }
      var options = { method: method, headers: headers(body === undefined ? null : "application/json"),
        keepalive: keepalive === true, credentials: "omit", mode: "cors" };
      if (body !== undefined) { options.body = JSON.stringify(body); }
      try {
        return window.fetch(url, options).then(function (response) {
          if (!response.ok) { record(label, response.status, response.statusText); }
          return response;
        }, function (error) { record(label, "network", error && error.message); });
      } catch (error) {
        record(label, "exception", error && error.message);
        return null;
      }
    }

    /* POST the queued statements, one request at a time (statements keep their order in the LRS). */
    function flush(keepalive) {
      if (queue.length === 0 || (sending && !keepalive)) { return; }
      var batch = queue.splice(0, queue.length);
      sending = true;
      var sent = request("POST", endpoint + "statements", batch, keepalive, "statements");
      var done = function () { sending = false; flush(false); };
      if (sent) { sent.then(done, done); } else { sending = false; }
    }

    function send(verbName, object, result, keepalive, parent) {
      queue.push(statement(verbName, object, result, parent));
      flush(keepalive);
    }

    function putState(keepalive) {
      var body = { location: lastSaved ? lastSaved.location : "", suspend: lastSaved ? lastSaved.suspend : "",
        completed: completed };
      if (keepalive) { request("PUT", stateUrl(), body, true, "state"); return; }
      writeStateNow(body);
    }

    /* One synchronous PUT, like an LMS's commit: no write is ever in flight when the page goes, so the
     * keepalive write of finish() is always the last the LRS stores (asynchronous writes could land after it
     * and send the learner back a screen on resume). */
    function writeStateNow(body) {
      var xhr = new window.XMLHttpRequest();
      try {
        xhr.open("PUT", stateUrl(), false);
        var names = headers("application/json");
        Object.keys(names).forEach(function (name) { xhr.setRequestHeader(name, names[name]); });
        xhr.send(JSON.stringify(body));
        if (xhr.status < 200 || xhr.status >= 300) { record("state", xhr.status, xhr.statusText); }
      } catch (error) {
        record("state", "network", error && error.message);
      }
    }

    /* The saved {location, suspend, completed}, read synchronously (see the header); empty when none. */
    function readState() {
      var empty = { location: "", suspend: "", completed: false };
      var xhr = new window.XMLHttpRequest();
      var saved;
      try {
        xhr.open("GET", stateUrl(), false);
        var names = headers(null);
        Object.keys(names).forEach(function (name) { xhr.setRequestHeader(name, names[name]); });
        xhr.send(null);
      } catch (error) {
        record("state", "network", error && error.message);
        return empty;
      }
      if (xhr.status === 404) { return empty; }
      if (xhr.status !== 200) { record("state", xhr.status, xhr.statusText); return empty; }
      try { saved = JSON.parse(xhr.responseText); } catch (error) { record("state", "json", "unreadable state"); return empty; }
      if (!saved || typeof saved !== "object") { return empty; }
      return {
        location: typeof saved.location === "string" ? saved.location : "",
        suspend: typeof saved.suspend === "string" ? saved.suspend : "",
        completed: saved.completed === true
      };
    }

    function startFallback() {
      var create = window.C2ECreateStandaloneRuntime;
      fallback = typeof create === "function" ? create("xapi") : {
        start: function () { return { location: "", suspend: "", completed: false }; },
        save: function () {}, complete: function () {}, finish: function () {}
      };
      return fallback.start();
    }

    /* A screen as an activity (no type: ADL's vocabulary has none for one screen) and its module's activity. */
    function screenActivity(id) {
      var element = id ? document.getElementById(id) : null;
      var title = element ? element.querySelector(".screen-title") : null;
      return { objectType: "Activity", id: courseId + "/screen/" + encodeURIComponent(id),
        definition: { name: languageMap(title ? title.textContent : id) } };
    }

    function moduleOf(id) {
      var element = id ? document.getElementById(id) : null;
      var module = element ? element.getAttribute("data-module") : "";
      return module ? { objectType: "Activity", id: courseId + "/module/" + encodeURIComponent(module) } : null;
    }

    adapter.start = function () {
      if (started) { return started; }
      startedAt = Date.now();
      if (!endpoint || !actor) { started = startFallback(); return started; }
      adapter.connected = true;
      adapter.launch = { endpoint: endpoint, actor: actor, registration: registration, activityId: courseId };
      var saved = readState();
      completed = saved.completed;
      lastSaved = { location: saved.location, suspend: saved.suspend };
      send("launched", courseActivity());
      send("initialized", courseActivity());
      started = saved;
      return started;
    };

    adapter.save = function (state) {
      if (fallback) { fallback.save(state); return; }
      if (!adapter.connected || finished) { return; }
      var location = String((state && state.location) || "");
      var suspend = String((state && state.suspend) || "");
      lastSaved = { location: location, suspend: suspend.slice(0, MAX_SUSPEND) };
      if (location) { send("experienced", screenActivity(location), null, false, moduleOf(location)); }
      putState(false);
    };

    adapter.complete = function () {
      if (fallback) { fallback.complete(); return; }
      if (!adapter.connected || finished || completed) { return; }
      completed = true;
      send("completed", courseActivity(), { completion: true, duration: isoDuration(Date.now() - startedAt) });
      putState(false);
    };

    adapter.score = function (score) {
      if (fallback) { if (fallback.score) { fallback.score(score); } return; }
      if (!score) { return; }
      var scaled = Math.max(-1, Math.min(1, Number(score.scaled) || 0));
      var min = Number(score.min) || 0;
      var max = isFinite(Number(score.max)) ? Number(score.max) : 100;
      var raw = Math.max(min, Math.min(max, Number(score.raw) || 0));
      lastScore = { scaled: scaled, raw: raw, min: min, max: Math.max(min, max) };
    };

    adapter.success = function (passed) {
      if (fallback) { if (fallback.success) { fallback.success(passed); } return; }
      if (!adapter.connected || finished) { return; }
      var result = { success: passed === true };
      if (lastScore) { result.score = lastScore; }
      send(passed === true ? "passed" : "failed", courseActivity(), result);
    };

    adapter.interaction = function (answer) {
      if (fallback) { if (fallback.interaction) { fallback.interaction(answer); } return; }
      if (!adapter.connected || finished || !answer) { return; }
      var type = INTERACTION_TYPES[answer.type] || "fill-in";
      var id = String(answer.id === undefined || answer.id === null ? "question" : answer.id);
      var definition = { type: ACTIVITIES + "cmi.interaction", interactionType: type,
        name: languageMap(answer.description || id) };
      if (answer.correct !== undefined) { definition.correctResponsesPattern = [responseText(type, answer.correct)]; }
      var object = { objectType: "Activity", id: courseId + "/question/" + encodeURIComponent(id), definition: definition };
      send("answered", object, { response: responseText(type, answer.response), success: answer.result === "correct" });
    };

    adapter.finish = function () {
      if (finished) { return; }
      finished = true;
      if (fallback) { fallback.finish(); return; }
      if (!adapter.connected) { return; }
      putState(true);
      send("terminated", courseActivity(), { duration: isoDuration(Date.now() - startedAt) }, true);
    };

    return adapter;
  }

  window.C2ERuntime = createXapiRuntime();
}(window, document));
