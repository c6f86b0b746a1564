/* c2e player runtime: what the xAPI and cmi5 adapters share (loaded after standalone.js, before xapi.js or
 * cmi5.js). Sets window.C2EXapiKit: the launch's query parameters, the actor as an xAPI 1.0 Agent, UUIDs, ISO
 * 8601 durations, language maps, ADL verbs, the response vocabulary, createSender (requests to the LRS and the
 * ordered statement queue), and writeStateNow(url, headers, body,
 * record): one synchronous State API PUT, like an LMS's commit, so that no write is in flight when the page
 * goes and the keepalive write at finish is always the last the LRS stores.
 */
(function (window, document) {
  "use strict";

  var VERSION = "1.0.3";
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

  /* The cmi.interaction activity definition of an answered question (interactionType, name, the correct
   * response pattern and, for choice questions, the choices with their texts). */
  function interactionDefinition(answer, fallbackName) {
    var type = INTERACTION_TYPES[answer.type] || "fill-in";
    var definition = { type: ACTIVITIES + "cmi.interaction", interactionType: type,
      name: languageMap(answer.description || fallbackName) };
    if (answer.correct !== undefined) { definition.correctResponsesPattern = [responseText(type, answer.correct)]; }
    if (type === "choice" && Object.prototype.toString.call(answer.choices) === "[object Array]" && answer.choices.length) {
      definition.choices = answer.choices.map(function (choice) {
        return { id: responseText("choice", [choice.id]), description: languageMap(choice.description || choice.id) };
      });
    }
    return definition;
  }

  /* An answered statement's result: the response, success, and the try's latency as its duration. */
  function answeredResult(type, answer) {
    var result = { response: responseText(type, answer.response), success: answer.result === "correct" };
    if (Number(answer.latency) > 0) { result.duration = isoDuration(answer.latency); }
    return result;
  }

  function writeStateNow(url, headers, body, record) {
    var xhr = new window.XMLHttpRequest();
    try {
      xhr.open("PUT", url, false);
      Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      xhr.send(JSON.stringify(body));
      if (xhr.status < 200 || xhr.status >= 300) { record("state", xhr.status, xhr.statusText); }
    } catch (error) {
      record("state", "network", error && error.message);
    }
  }

  /* Requests to one LRS, and its statement queue: statements are POSTed as arrays, one request at a time, so
   * the LRS gets them in order. Every request goes with fetch keepalive while the bodies in flight fit the
   * browser's keepalive budget (64 KiB), so a batch still in flight when the learner leaves lands all the same
   * (without it the browser cancels the request with the page, and an LMS proxy drops a request whose client
   * went away). post(made, true) queues the session's last statement: it follows the batch in flight, or goes at
   * once when the page is being hidden (pagehide), which leaves no time to wait. ``headers(contentType)`` gives
   * the version and auth headers (cmi5's auth arrives after the fetch URL is used, so it is a function);
   * ``record(call, code, message)`` keeps problems out of the page. */
  function createSender(endpoint, headers, record) {
    var queue = [];
    var sending = false;
    var hiding = false;
    var keptAlive = 0;

    function request(method, url, body, keepalive, label) {
      if (typeof window.fetch !== "function") { record(label, "no-fetch", "this browser has no fetch"); return null; }
      var payload = body === undefined ? undefined : JSON.stringify(body);
      var size = payload === undefined ? 0 : byteLength(payload);
      var alive = keepalive === true && keptAlive + size <= KEEPALIVE_BUDGET;
      var options = { method: method, headers: headers(body === undefined ? null : "application/json"),
        keepalive: alive, credentials: "omit", mode: "cors" };
      if (payload !== undefined) { options.body = payload; }
      if (alive) { keptAlive += size; }
      var landed = function () { if (alive) { keptAlive -= size; alive = false; } };
      try {
        return window.fetch(url, options).then(function (response) {
          landed();
          if (!response.ok) { record(label, response.status, response.statusText); }
          return response;
        }, function (error) { landed(); record(label, "network", error && error.message); });
      } catch (error) {
        landed();
        record(label, "exception", error && error.message);
        return null;
      }
    }

    function flush(now) {
      if (queue.length === 0 || (sending && !now)) { return; }
      var batch = queue.splice(0, queue.length);
      sending = true;
      var sent = request("POST", endpoint + "statements", batch, true, "statements");
      var done = function () { sending = false; flush(hiding); };
      if (sent) { sent.then(done, done); } else { sending = false; }
    }

    function post(made, last) {
      queue.push(made);
      flush(last === true && hiding);
    }

    window.addEventListener("pagehide", function () { hiding = true; flush(true); });
    window.addEventListener("pageshow", function () { hiding = false; });  // back from the back/forward cache
    return { request: request, post: post };
  }

  /* Chromium refuses a keepalive request once the bodies of those in flight would pass 64 KiB; a larger batch
   * goes without keepalive rather than not at all. */
  var KEEPALIVE_BUDGET = 60000;

  function byteLength(text) {
    return typeof window.TextEncoder === "function" ? new window.TextEncoder().encode(text).length : text.length * 3;
  }

  /* A screen of the page as an activity under ``base`` (no type: ADL's vocabulary has none for one screen). */
  function screenActivity(base, id) {
    var element = id ? document.getElementById(id) : null;
    var title = element ? element.querySelector(".screen-title") : null;
    return { objectType: "Activity", id: base + "/screen/" + encodeURIComponent(id),
      definition: { name: languageMap(title ? title.textContent : id) } };
  }

  /* The activity of the module a screen belongs to, under ``base``; null when the screen names none. */
  function moduleActivity(base, id) {
    var element = id ? document.getElementById(id) : null;
    var module = element ? element.getAttribute("data-module") : "";
    return module ? { objectType: "Activity", id: base + "/module/" + encodeURIComponent(module) } : null;
  }

  window.C2EXapiKit = {
    VERSION: VERSION, VERBS: VERBS, ACTIVITIES: ACTIVITIES, INTERACTION_TYPES: INTERACTION_TYPES,
    DELIMITER: DELIMITER, interactionDefinition: interactionDefinition,
    answeredResult: answeredResult, queryParameters: queryParameters, agentFrom: agentFrom, uuid4: uuid4,
    isoDuration: isoDuration, languageMap: languageMap, verb: verb, responseText: responseText,
    writeStateNow: writeStateNow, createSender: createSender, screenActivity: screenActivity,
    moduleActivity: moduleActivity
  };
}(window, document));
