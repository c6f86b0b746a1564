/* c2e player runtime adapter: xAPI 1.0.3 (Tin Can) launched per the Rustici launch document. Same interface as
 * runtime/standalone.js.
 *
 * Launch: the LMS opens index.html?endpoint=<LRS url>&auth=<Authorization value>&actor=<JSON agent>
 * &registration=<UUID>&activity_id=<course IRI>. `actor` may be an xAPI 1.0 agent (mbox, mbox_sha1sum, openid
 * or account) or the Tin Can 0.9 form the launch document shows (arrays: name[], mbox[],
 * account[{accountServiceHomePage, accountName}]). Without endpoint and a usable actor the adapter falls back
 * to the standalone one, silently. Without activity_id the course IRI is the default one tincan.xml uses,
 * https://classroom-to-elearning.org/xapi/course/<course id> (with ?part=<id>: that module's or micro-item's).
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
 * request carries X-Experience-API-Version: 1.0.3 and the launch's auth, and goes with fetch keepalive, so a
 * batch still in flight when the learner leaves outlives the page; finish()'s terminated follows it.
 *
 * Resume: the State API document stateId "c2e.resume" ({location, suspend, completed}) for the course, actor
 * and registration. Decision: start() reads it with one synchronous XMLHttpRequest, because the player's
 * start() must return the saved location at once (a blocked or slow LRS delays the first screen; an error
 * or a 404 starts at the beginning). save() writes it with a synchronous PUT, like an LMS's commit, so no
 * write is in flight when the page goes; finish() writes it once more with keepalive, always last.
 */
(function (window, document) {
  "use strict";

  var kit = window.C2EXapiKit;
  var queryParameters = kit.queryParameters;
  var agentFrom = kit.agentFrom;
  var uuid4 = kit.uuid4;
  var isoDuration = kit.isoDuration;
  var languageMap = kit.languageMap;
  var verb = kit.verb;
  var responseText = kit.responseText;

  var VERSION = kit.VERSION;
  var DEFAULT_BASE = "https://classroom-to-elearning.org/xapi/course/";
  var STATE_ID = "c2e.resume";
  var MAX_ERRORS = 50;
  var MAX_SUSPEND = 64000;
  var ACTIVITIES = "http://adlnet.gov/expapi/activities/";
  var INTERACTION_TYPES = kit.INTERACTION_TYPES;

  /* Without activity_id: the IRI tincan.xml gives the launched unit, the course or (?part=<id>, one activity
   * per module or micro-item) <course IRI>/module/<id> or <course IRI>/micro/<id>. */
  function defaultActivity(part) {
    var course = DEFAULT_BASE + encodeURIComponent(document.documentElement.getAttribute("data-course") || "course");
    if (!part) { return course; }
    var micro = Array.prototype.some.call(document.querySelectorAll("section[data-micro]"), function (section) {
      return section.getAttribute("data-micro") === part;
    });
    return course + (micro ? "/micro/" : "/module/") + encodeURIComponent(part);
  }

  function createXapiRuntime() {
    var launch = queryParameters(window.location.search);
    var endpoint = launch.endpoint ? launch.endpoint.replace(/\/?$/, "/") : "";
    var actor = launch.actor ? agentFrom(launch.actor) : null;
    var registration = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(launch.registration || "")
      ? launch.registration.toLowerCase() : "";
    var courseId = launch.activity_id || defaultActivity(launch.part);
    var fallback = null;
    var started = null;
    var finished = false;
    var completed = false;
    var startedAt = 0;
    var lastScore = null;
    var lastSaved = null;
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

    var sender = kit.createSender(endpoint, headers, record);
    var request = sender.request;

    function send(verbName, object, result, last, parent) {
      sender.post(statement(verbName, object, result, parent), last);
    }

    function putState(keepalive) {
      var body = { location: lastSaved ? lastSaved.location : "", suspend: lastSaved ? lastSaved.suspend : "",
        completed: completed };
      if (keepalive) { request("PUT", stateUrl(), body, true, "state"); return; }
      kit.writeStateNow(stateUrl(), headers("application/json"), body, record);
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

    function screenActivity(id) { return kit.screenActivity(courseId, id); }

    function moduleOf(id) { return kit.moduleActivity(courseId, id); }

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
      var definition = kit.interactionDefinition(answer, id);
      var object = { objectType: "Activity", id: courseId + "/question/" + encodeURIComponent(id), definition: definition };
      send("answered", object, kit.answeredResult(type, answer));
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
