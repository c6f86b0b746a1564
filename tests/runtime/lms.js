// Test LMS host: puts a scorm-again SCORM 1.2 API on window.API (or, with ?standard=scorm2004, a SCORM 2004 API
// on window.API_1484_11), records every call, then launches the SCO.
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var STANDARDS = {
    scorm12: {
      global: "API", api: "Scorm12API",
      calls: ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
              "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
      snapshots: { LMSCommit: false, LMSFinish: true }  // call -> is it the terminating commit
    },
    scorm2004: {
      global: "API_1484_11", api: "Scorm2004API",
      calls: ["Initialize", "Terminate", "GetValue", "SetValue", "Commit",
              "GetLastError", "GetErrorString", "GetDiagnostic"],
      snapshots: { Commit: false, Terminate: true }
    }
  };
  var standard = STANDARDS[params.get("standard") || "scorm12"];
  var CALLS = standard.calls;
  var SNAPSHOT_CALLS = standard.snapshots;
  var launch = JSON.parse(params.get("launch") || "{}");
  var lms = { log: [], beacon: false };
  window.__lms = lms;

  // The log lives in the page; once the driver sets lms.beacon (just before leaving the page), each entry is
  // also posted to the LMS server with sendBeacon, the one request a browser still sends while a page unloads.
  function record(entry) {
    lms.log.push(entry);
    if (lms.beacon) {
      navigator.sendBeacon("lms/record", JSON.stringify(entry));
    }
  }

  // What the LMS would persist for this commit: the flattened cmi, e.g. {"cmi.core.lesson_status": ...}.
  function snapshot(api, terminate) {
    return JSON.parse(JSON.stringify(api.renderCommitCMI(terminate)));
  }

  function wrap(api, name) {
    var original = api[name];
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result = original.apply(api, args);
      var entry = { seq: lms.log.length, call: name, args: args, result: result,
                    error: String(api.lastErrorCode), t: Date.now() };
      if (name in SNAPSHOT_CALLS && result === "true") {
        entry.cmi = snapshot(api, SNAPSHOT_CALLS[name]);
      }
      record(entry);
      return result;
    };
  }

  function createApi() {
    var api = new window[standard.api]({
      lmsCommitUrl: false,
      autocommit: false,
      dataCommitFormat: "flattened",
      logLevel: 4
    });
    api.loadFromFlattenedJSON(launch.cmi || {}, "");
    CALLS.forEach(function (name) { wrap(api, name); });
    return api;
  }

  window[standard.global] = createApi();
  window.__lms.current = function () { return snapshot(window[standard.global], false); };

  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("sco").src = "pkg/" + (params.get("sco") || "index.html");
  });
})();
