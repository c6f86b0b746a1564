/* c2e player runtime adapter: cmi5 (an xAPI 1.0.3 profile) for the course's one AU. Same interface as
 * runtime/standalone.js; the statement plumbing follows runtime/xapi.js.
 *
 * Launch (cmi5 section 8.1): the LMS opens index.html?endpoint=<LRS url>&fetch=<auth token URL>
 * &registration=<UUID>&activityId=<AU IRI>&actor=<JSON Agent with an account>. Without all five the adapter
 * falls back to the standalone one, silently. start() then, synchronously (the player's start() must return
 * the saved location at once):
 *   1. POSTs the fetch URL once and reads {"auth-token": ...}; every LRS request carries
 *      "Authorization: Basic <token>" (a failed fetch falls back to standalone and records the error);
 *   2. reads the State API document "LMS.LaunchData" (contextTemplate, launchMode, moveOn, masteryScore);
 *   3. reads the learner's preferences, the Agent Profile document "cmi5LearnerPreferences" (cmi5 section 11):
 *      audioPreference "off" mutes every clip of the course (body[data-audio="off"]); languagePreference is
 *      kept in adapter.launch.preferences (the interface language is chosen when the package is built);
 *   4. reads the resume document "c2e.resume" ({location, suspend, completed}, as xapi.js keeps it);
 *   5. sends "initialized".
 *
 * Statements: each with an id (UUID v4), an ISO 8601 timestamp, the launch's actor and registration, and the
 * LaunchData contextTemplate merged into its context (its contextActivities.grouping, the session id extension
 * https://w3id.org/xapi/cmi5/context/extensions/sessionid). The cmi5-defined ones (object: the AU) carry the
 * category https://w3id.org/xapi/cmi5/context/categories/cmi5:
 *   start:    initialized
 *   complete: completed (result.completion true, duration; plus the moveon category), Normal mode only
 *   success:  passed | failed (result.success, score when score() came first, duration; the masteryScore
 *             extension when LaunchData has one; plus the moveon category), Normal mode only
 *   finish:   terminated (result.duration) on pagehide
 * cmi5 "allowed" statements, without the cmi5 category: experienced (object: <AU IRI>/screen/<screen id>, parent
 * the screen's module <AU IRI>/module/<module id>) per screen change, answered per interaction. Browse and
 * Review launch modes send no completed, passed or failed. Statements are queued and POSTed in order, one
 * request at a time, with X-Experience-API-Version: 1.0.3, each as a fetch keepalive request (C2EXapiKit's
 * createSender), so one still in flight when the learner leaves reaches the LMS; terminated follows it.
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
  var RESUME_ID = "c2e.resume";
  var LAUNCH_DATA_ID = "LMS.LaunchData";
  var PREFERENCES_ID = "cmi5LearnerPreferences";
  var MAX_ERRORS = 50;
  var MAX_SUSPEND = 64000;
  var ACTIVITIES = "http://adlnet.gov/expapi/activities/";
  var CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var INTERACTION_TYPES = kit.INTERACTION_TYPES;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  /* The launch's actor, kept as the LMS sent it (the State API documents are keyed by it), or null. */
  function actorFrom(text) {
    var raw;
    try { raw = JSON.parse(text); } catch (error) { return null; }
    if (!raw || typeof raw !== "object" || Object.prototype.toString.call(raw) === "[object Array]") { return null; }
    var account = raw.account;
    var accountOk = account && typeof account === "object" && typeof account.homePage === "string" &&
      typeof account.name === "string";
    if (!accountOk && typeof raw.mbox !== "string" && typeof raw.mbox_sha1sum !== "string" &&
        typeof raw.openid !== "string") { return null; }
    return raw;
  }

  function copy(value) { return JSON.parse(JSON.stringify(value)); }

  function createCmi5Runtime() {
    var launch = queryParameters(window.location.search);
    var endpoint = launch.endpoint ? launch.endpoint.replace(/\/?$/, "/") : "";
    var actor = launch.actor ? actorFrom(launch.actor) : null;
    var registration = UUID.test(launch.registration || "") ? launch.registration : "";
    var auId = launch.activityId || "";
    var authorization = "";
    var launchData = { contextTemplate: {}, launchMode: "Normal", moveOn: "Completed", masteryScore: null };
    var fallback = null;
    var started = null;
    var finished = false;
    var completed = false;
    var decided = false;
    var startedAt = 0;
    var lastScore = null;
    var lastSaved = null;
    var adapter = { name: "cmi5", connected: false, errors: [], suspendBudget: MAX_SUSPEND,
      isoDuration: isoDuration, uuid4: uuid4 };

    function record(call, code, message) {
      if (adapter.errors.length < MAX_ERRORS) {
        adapter.errors.push({ call: call, code: String(code), message: String(message || "") });
      }
    }

    function headers(contentType) {
      var list = { "X-Experience-API-Version": VERSION, "Authorization": authorization };
      if (contentType) { list["Content-Type"] = contentType; }
      return list;
    }

    function stateUrl(stateId) {
      return endpoint + "activities/state?activityId=" + encodeURIComponent(auId) + "&agent=" +
        encodeURIComponent(JSON.stringify(actor)) + "&registration=" + encodeURIComponent(registration) +
        "&stateId=" + encodeURIComponent(stateId);
    }

    /* One synchronous request; returns {status, body} (status 0: it did not get through). */
    function syncRequest(method, url, withHeaders, label) {
      var xhr = new window.XMLHttpRequest();
      try {
        xhr.open(method, url, false);
        if (withHeaders) {
          var names = headers(null);
          Object.keys(names).forEach(function (name) { xhr.setRequestHeader(name, names[name]); });
        }
        xhr.send(null);
      } catch (error) {
        record(label, "network", error && error.message);
        return { status: 0, body: null };
      }
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (error) { body = null; }
      return { status: xhr.status, body: body };
    }

    /* cmi5 8.2: POST the fetch URL (once per launch) for the auth token; false when there is none. */
    function fetchToken() {
      var got = syncRequest("POST", launch.fetch, false, "fetch");
      var token = got.body && typeof got.body === "object" ? got.body["auth-token"] : null;
      if (got.status !== 200 || typeof token !== "string" || !token) {
        record("fetch", got.status || "network", got.body && got.body["error-text"]);
        return false;
      }
      authorization = "Basic " + token;
      return true;
    }

    function readLaunchData() {
      var got = syncRequest("GET", stateUrl(LAUNCH_DATA_ID), true, "launchdata");
      if (got.status !== 200 || !got.body || typeof got.body !== "object") {
        record("launchdata", got.status, "no LMS.LaunchData");
        return;
      }
      var data = got.body;
      if (data.contextTemplate && typeof data.contextTemplate === "object") {
        launchData.contextTemplate = data.contextTemplate;
      }
      if (typeof data.launchMode === "string") { launchData.launchMode = data.launchMode; }
      if (typeof data.moveOn === "string") { launchData.moveOn = data.moveOn; }
      if (typeof data.masteryScore === "number") { launchData.masteryScore = data.masteryScore; }
    }

    /* cmi5 11.0: the learner's preferences, when the LMS keeps them ({} when it has none). */
    function readPreferences() {
      var url = endpoint + "agents/profile?agent=" + encodeURIComponent(JSON.stringify(actor)) + "&profileId=" +
        encodeURIComponent(PREFERENCES_ID);
      var got = syncRequest("GET", url, true, "preferences");
      if (got.status === 404) { return {}; }
      if (got.status !== 200 || !got.body || typeof got.body !== "object") {
        record("preferences", got.status, "learner preferences not read");
        return {};
      }
      var preferences = {};
      if (typeof got.body.languagePreference === "string") { preferences.language = got.body.languagePreference; }
      if (got.body.audioPreference === "on" || got.body.audioPreference === "off") {
        preferences.audio = got.body.audioPreference;
      }
      return preferences;
    }

    function applyPreferences(preferences) {
      if (preferences.audio !== "off") { return; }
      document.body.setAttribute("data-audio", "off");
      Array.prototype.forEach.call(document.querySelectorAll("audio, video"), function (clip) {
        clip.muted = true;
        clip.setAttribute("muted", "");
      });
    }

    function readResume() {
      var empty = { location: "", suspend: "", completed: false };
      var got = syncRequest("GET", stateUrl(RESUME_ID), true, "state");
      if (got.status === 404) { return empty; }
      if (got.status !== 200) { record("state", got.status, "state not read"); return empty; }
      var saved = got.body;
      if (!saved || typeof saved !== "object") { return empty; }
      return {
        location: typeof saved.location === "string" ? saved.location : "",
        suspend: typeof saved.suspend === "string" ? saved.suspend : "",
        completed: saved.completed === true
      };
    }

    function auActivity() { return { objectType: "Activity", id: auId }; }

    /* The contextTemplate, with the registration, the categories (defined statements) and a parent. */
    function context(categories, parent) {
      var made = copy(launchData.contextTemplate || {});
      var activities = made.contextActivities && typeof made.contextActivities === "object"
        ? made.contextActivities : {};
      if (categories.length) {
        activities.category = (activities.category || []).concat(categories.map(function (id) {
          return { objectType: "Activity", id: id };
        }));
      }
      if (parent) { activities.parent = (activities.parent || []).concat([parent]); }
      if (Object.keys(activities).length) { made.contextActivities = activities; }
      made.registration = registration;
      return made;
    }

    function statement(verbName, object, result, madeContext) {
      var made = { id: uuid4(), actor: actor, verb: verb(verbName), object: object, context: madeContext,
        timestamp: new Date().toISOString() };
      if (result) { made.result = result; }
      return made;
    }

    var sender = kit.createSender(endpoint, headers, record);
    var request = sender.request;

    /* A cmi5-defined statement about the AU (extra: more categories, e.g. moveon). */
    function sendDefined(verbName, result, extraCategories, extensions, last) {
      var made = context([CMI5_CATEGORY].concat(extraCategories || []), null);
      if (extensions) {
        made.extensions = made.extensions || {};
        Object.keys(extensions).forEach(function (key) { made.extensions[key] = extensions[key]; });
      }
      sender.post(statement(verbName, auActivity(), result, made), last);
    }

    function sendAllowed(verbName, object, result, parent) {
      sender.post(statement(verbName, object, result, context([], parent || auActivity())), false);
    }

    function putState(keepalive) {
      var body = { location: lastSaved ? lastSaved.location : "", suspend: lastSaved ? lastSaved.suspend : "",
        completed: completed };
      if (keepalive) { request("PUT", stateUrl(RESUME_ID), body, true, "state"); return; }
      kit.writeStateNow(stateUrl(RESUME_ID), headers("application/json"), body, record);
    }

    function startFallback() {
      var create = window.C2ECreateStandaloneRuntime;
      fallback = typeof create === "function" ? create("cmi5") : {
        start: function () { return { location: "", suspend: "", completed: false }; },
        save: function () {}, complete: function () {}, finish: function () {}
      };
      return fallback.start();
    }

    function screenActivity(id) { return kit.screenActivity(auId, id); }

    function moduleOf(id) { return kit.moduleActivity(auId, id); }

    function normalMode() { return launchData.launchMode === "Normal"; }

    adapter.start = function () {
      if (started) { return started; }
      startedAt = Date.now();
      if (!endpoint || !actor || !registration || !auId || !launch.fetch || !fetchToken()) {
        started = startFallback();
        return started;
      }
      adapter.connected = true;
      readLaunchData();
      var preferences = readPreferences();
      applyPreferences(preferences);
      adapter.launch = { endpoint: endpoint, actor: actor, registration: registration, activityId: auId,
        launchMode: launchData.launchMode, moveOn: launchData.moveOn, masteryScore: launchData.masteryScore,
        preferences: preferences };
      var saved = readResume();
      completed = saved.completed;
      lastSaved = { location: saved.location, suspend: saved.suspend };
      sendDefined("initialized", null);
      started = saved;
      return started;
    };

    adapter.save = function (state) {
      if (fallback) { fallback.save(state); return; }
      if (!adapter.connected || finished) { return; }
      var location = String((state && state.location) || "");
      var suspend = String((state && state.suspend) || "");
      lastSaved = { location: location, suspend: suspend.slice(0, MAX_SUSPEND) };
      if (location) { sendAllowed("experienced", screenActivity(location), null, moduleOf(location)); }
      putState(false);
    };

    adapter.complete = function () {
      if (fallback) { fallback.complete(); return; }
      if (!adapter.connected || finished || completed || !normalMode()) { return; }
      completed = true;
      sendDefined("completed", { completion: true, duration: isoDuration(Date.now() - startedAt) }, [MOVEON_CATEGORY]);
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
      if (!adapter.connected || finished || decided || !normalMode()) { return; }
      decided = true;
      var result = { success: passed === true, duration: isoDuration(Date.now() - startedAt) };
      if (lastScore) { result.score = lastScore; }
      var extensions = null;
      if (launchData.masteryScore !== null) {
        extensions = {};
        extensions[MASTERY_SCORE] = launchData.masteryScore;
      }
      sendDefined(passed === true ? "passed" : "failed", result, [MOVEON_CATEGORY], extensions);
    };

    adapter.interaction = function (answer) {
      if (fallback) { if (fallback.interaction) { fallback.interaction(answer); } return; }
      if (!adapter.connected || finished || !answer) { return; }
      var type = INTERACTION_TYPES[answer.type] || "fill-in";
      var id = String(answer.id === undefined || answer.id === null ? "question" : answer.id);
      var definition = kit.interactionDefinition(answer, id);
      var object = { objectType: "Activity", id: auId + "/question/" + encodeURIComponent(id), definition: definition };
      sendAllowed("answered", object, kit.answeredResult(type, answer));
    };

    adapter.finish = function () {
      if (finished) { return; }
      finished = true;
      if (fallback) { fallback.finish(); return; }
      if (!adapter.connected) { return; }
      putState(true);
      sendDefined("terminated", { duration: isoDuration(Date.now() - startedAt) }, [], null, true);
    };

    return adapter;
  }

  window.C2ERuntime = createCmi5Runtime();
}(window, document));
