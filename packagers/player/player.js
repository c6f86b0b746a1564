/* c2e player core: screens, menu, transcript, progress and completion, for any standard.
 *
 * It talks to the LMS only through window.C2ERuntime (set by a runtime/<standard>.js loaded before this file;
 * interface documented in runtime/standalone.js). Progress is keyed on screen ids, never on positions, so a
 * course re-published with slides inserted, deleted or moved resumes on the same screen with what was seen:
 *   location = the current screen's id
 *   suspend  = "c2." + the sorted 18-bit fingerprints of the seen screens' ids, 3 base64url characters each
 *              (600 screens seen: at most 1,803 characters), or, past the adapter's budget (SCORM 1.2: 4,096),
 *              "c3.<m>.<base64url bitset of m bits>" with one bit per fingerprint mod m;
 *              "c1.<count>.<bitset>" (positional, from c2e 0.1) is still read when the screen count matches;
 *   with knowledge checks (checks.js): "c4.<seen>.<answers>", where <seen> covers the screens that are not
 *              answered checks (an answered check was seen) as "+" and the seen screens' fingerprints, or "-"
 *              and the unseen ones' (whichever fits; "-" counts screens added by a re-publish as seen), or
 *              "b<m>:<bitset>" as in c3; <answers> is, per answered check sorted by fingerprint then id, its
 *              fingerprint, one state character (bits 0-2 tries used, 3 right, 4 typed text follows, 5 the
 *              option mask has two characters) and either the chosen options as a bit mask over the options'
 *              order (1 or 2 characters) or a length character and the typed text (at most 63 characters).
 *              600 screens and 600 answered choice checks take at most about 3,900 characters; past the
 *              budget the typed texts are left out first, then the seen set becomes a bitset.
 * Completion follows body[data-completion]: "screens" (every screen seen), "score" (the checks passed) or
 * "screens-and-score"; the checks pass at body[data-mastery] (a scaled score; cmi5's LaunchData masteryScore
 * wins), decided once every check is final. The score is the share of checks answered right, sent to the
 * adapter after each final answer; each try is one interaction.
 * A launch with ?part=<module or micro-item id> (one SCO/AU per module or micro-item, packagers/_units.py) shows
 * and tracks only that part's screens and checks (section[data-module] or section[data-micro]); without it,
 * every module screen (micro-item screens are only ever shown as their own part). An unknown part shows the
 * whole course. A course without checks may report a fixed score on completion (meta c2e-completion-score).
 * DOM hooks for tests: body[data-part] = the part shown ("" for the course), body[data-screen] = current index,
 * body[data-complete="true"] once the course is complete, body[data-passed] = "true" | "false" once decided, body[data-resumed="true"] while the resume
 * prompt shows, body[data-ready="true"] after start, body[data-lms] = "connected" | "none"; window.C2EPlayer.
 */
(function (window, document) {
  "use strict";

  var SUSPEND_PREFIX = "c1";
  var BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function toArray(list) { return Array.prototype.slice.call(list); }

  function bytesToBase64url(bytes) {
    var out = "";
    var i;
    for (i = 0; i < bytes.length; i += 3) {
      var chunk = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      var chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
      var j;
      for (j = 0; j < chars; j += 1) { out += BASE64URL.charAt((chunk >> (18 - 6 * j)) & 63); }
    }
    return out;
  }

  function base64urlToBytes(text) {
    var bytes = [];
    var bits = 0;
    var value = 0;
    var i;
    for (i = 0; i < text.length; i += 1) {
      var digit = BASE64URL.indexOf(text.charAt(i));
      if (digit < 0) { break; }
      value = ((value << 6) | digit) & 0xffffff;
      bits += 6;
      if (bits >= 8) { bits -= 8; bytes.push((value >> bits) & 255); }
    }
    return bytes;
  }

  var FINGERPRINT_CHARS = 3;
  var DEFAULT_BUDGET = 4096;

  /* FNV-1a over the id's UTF-16 code units; the top 18 bits make the fingerprint. */
  function hashId(id) {
    var hash = 0x811c9dc5;
    var i;
    for (i = 0; i < id.length; i += 1) {
      hash ^= id.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  function fingerprint(id) {
    var bits = hashId(id) >>> 14;
    return BASE64URL.charAt((bits >> 12) & 63) + BASE64URL.charAt((bits >> 6) & 63) + BASE64URL.charAt(bits & 63);
  }

  function bitset(indexes, size) {
    var bytes = [];
    var i;
    for (i = 0; i < Math.ceil(size / 8); i += 1) { bytes.push(0); }
    indexes.forEach(function (index) { bytes[index >> 3] |= 1 << (index & 7); });
    return bytesToBase64url(bytes);
  }

  function hasBit(bytes, index) {
    var byte = bytes[index >> 3];
    return byte !== undefined && (byte & (1 << (index & 7))) !== 0;
  }

  /* ids: every screen id in order; seen: booleans by index -> the suspend string (see the header). */
  function encodeSeen(ids, seen, budget) {
    var prints = {};
    var i;
    budget = budget || DEFAULT_BUDGET;
    for (i = 0; i < ids.length; i += 1) { if (seen[i]) { prints[fingerprint(ids[i])] = true; } }
    var listed = Object.keys(prints).sort().join("");
    if (listed.length + 3 <= budget) { return "c2." + listed; }
    var size = Math.max(8, (budget - 12) * 6);
    var indexes = [];
    for (i = 0; i < ids.length; i += 1) { if (seen[i]) { indexes.push(hashId(ids[i]) % size); } }
    return "c3." + size + "." + bitset(indexes, size);
  }

  /* The inverse: which of ``ids`` the saved string says were seen. Anything unreadable gives none seen. */
  function decodeSeen(text, ids) {
    var parts = String(text || "").split(".");
    var seen = ids.map(function () { return false; });
    var bytes;
    if (parts[0] === "c2" && parts.length === 2) {
      var prints = {};
      var i;
      for (i = 0; i + FINGERPRINT_CHARS <= parts[1].length; i += FINGERPRINT_CHARS) {
        prints[parts[1].substr(i, FINGERPRINT_CHARS)] = true;
      }
      return ids.map(function (id) { return prints[fingerprint(id)] === true; });
    }
    if (parts[0] === "c3" && parts.length === 3 && Number(parts[1]) > 0) {
      var size = Number(parts[1]);
      bytes = base64urlToBytes(parts[2]);
      return ids.map(function (id) { return hasBit(bytes, hashId(id) % size); });
    }
    if (parts[0] === "c1" && parts.length === 3 && Number(parts[1]) === ids.length) {
      bytes = base64urlToBytes(parts[2]);
      return ids.map(function (id, index) { return hasBit(bytes, index); });
    }
    return seen;
  }

  /* ---------------------------------------------------------------- c4: the seen set with the checks' answers */
  var MAX_TEXT = 63;

  function charOf(value) { return BASE64URL.charAt(value & 63); }

  function valueOf(text, index) { return BASE64URL.indexOf(text.charAt(index)); }

  /* One answered check's record after its fingerprint: the state character and the response. */
  function answerRecord(check, withText) {
    var state = check.state;
    var flags = Math.min(7, state.attempts) | (state.correct ? 8 : 0);
    if (check.kind === "fill-in") {
      var text = withText ? String(state.text || "").slice(0, MAX_TEXT) : "";
      return charOf(flags | 16) + charOf(text.length) + text;
    }
    var mask = 0;
    check.options.forEach(function (option, index) {
      if (index < 12 && state.values.indexOf(option.value) >= 0) { mask |= 1 << index; }
    });
    return mask < 64 ? charOf(flags) + charOf(mask) : charOf(flags | 32) + charOf(mask >> 6) + charOf(mask);
  }

  function answeredChecks(checks) {
    return Object.keys(checks).map(function (id) { return checks[id]; })
      .filter(function (check) { return check.answered(); })
      .sort(function (one, other) {
        var a = fingerprint(one.id) + one.id;
        var b = fingerprint(other.id) + other.id;
        return a < b ? -1 : a > b ? 1 : 0;
      });
  }

  function listedPrints(ids, seen, wanted) {
    var prints = {};
    ids.forEach(function (id, index) { if (seen[index] === wanted) { prints[fingerprint(id)] = true; } });
    return Object.keys(prints).sort().join("");
  }

  /* ids, seen: every screen in order; checks: {id: Check} -> the c4 suspend string within ``budget``. */
  function encodeState(ids, seen, checks, budget) {
    var answered = answeredChecks(checks);
    var done = {};
    answered.forEach(function (check) { done[check.id] = true; });
    var rest = [];
    var restSeen = [];
    ids.forEach(function (id, index) { if (!done[id]) { rest.push(id); restSeen.push(seen[index] === true); } });
    var full = answered.map(function (check) { return fingerprint(check.id) + answerRecord(check, true); }).join("");
    var short = answered.map(function (check) { return fingerprint(check.id) + answerRecord(check, false); }).join("");
    var seenPart = "+" + listedPrints(rest, restSeen, true);
    var unseenPart = "-" + listedPrints(rest, restSeen, false);
    var candidates = [seenPart + "." + full, unseenPart + "." + full, seenPart + "." + short, unseenPart + "." + short];
    var i;
    budget = budget || DEFAULT_BUDGET;
    for (i = 0; i < candidates.length; i += 1) {
      if (candidates[i].length + 3 <= budget) { return "c4." + candidates[i]; }
    }
    var size = Math.max(8, (budget - short.length - 20) * 6);
    var indexes = [];
    rest.forEach(function (id, index) { if (restSeen[index]) { indexes.push(hashId(id) % size); } });
    return ("c4.b" + size + ":" + bitset(indexes, size) + "." + short).slice(0, budget);
  }

  /* The answers part of a c4 string -> {question id: state}, for the ``checks`` of this page. */
  function decodeAnswers(text, checks) {
    var byPrint = {};
    Object.keys(checks).sort().forEach(function (id) {
      var print = fingerprint(id);
      (byPrint[print] = byPrint[print] || []).push(checks[id]);
    });
    var answers = {};
    var i = 0;
    while (i + 5 <= text.length) {
      var print = text.substr(i, 3);
      var flags = valueOf(text, i + 3);
      var state = { attempts: flags & 7, correct: (flags & 8) !== 0, values: [], text: "" };
      var mask = 0;
      i += 4;
      if (flags < 0) { break; }
      if (flags & 16) {
        var length = valueOf(text, i);
        state.text = text.substr(i + 1, Math.max(0, length));
        i += 1 + Math.max(0, length);
      } else if (flags & 32) {
        mask = (valueOf(text, i) << 6) | valueOf(text, i + 1);
        i += 2;
      } else {
        mask = valueOf(text, i);
        i += 1;
      }
      var check = (byPrint[print] || []).shift();
      if (!check || i > text.length || mask < 0) { continue; }
      state.values = check.options.filter(function (option, index) { return index < 12 && (mask & (1 << index)); })
        .map(function (option) { return option.value; });
      answers[check.id] = state;
    }
    return answers;
  }

  /* A c4 string -> {seen: booleans by index of ids, answers: {id: state}}; null when it is not c4. */
  function decodeState(text, ids, checks) {
    text = String(text || "");
    if (text.indexOf("c4.") !== 0) { return null; }
    var cut = text.indexOf(".", 3);
    var seenPart = cut < 0 ? text.slice(3) : text.slice(3, cut);
    var answers = decodeAnswers(cut < 0 ? "" : text.slice(cut + 1), checks);
    var prints = {};
    var j;
    for (j = 1; j + FINGERPRINT_CHARS <= seenPart.length; j += FINGERPRINT_CHARS) {
      prints[seenPart.substr(j, FINGERPRINT_CHARS)] = true;
    }
    var mode = seenPart.charAt(0);
    var size = Number(seenPart.slice(1, seenPart.indexOf(":")));
    var bytes = mode === "b" ? base64urlToBytes(seenPart.slice(seenPart.indexOf(":") + 1)) : [];
    var seen = ids.map(function (id) {
      if (answers[id]) { return true; }
      if (mode === "+") { return prints[fingerprint(id)] === true; }
      if (mode === "-") { return prints[fingerprint(id)] !== true; }
      return mode === "b" && size > 0 && hasBit(bytes, hashId(id) % size);
    });
    return { seen: seen, answers: answers };
  }

  function safeCall(runtime, method, argument) {
    try {
      if (runtime && typeof runtime[method] === "function") { return runtime[method](argument); }
    } catch (error) {
      /* an adapter must never break navigation */
    }
    return null;
  }

  function isTyping(target) {
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    return tag === "input" || tag === "textarea" || tag === "select" || tag === "audio" ||
      tag === "video" || (target && target.isContentEditable);
  }

  function readMessages() {
    try {
      return JSON.parse(document.body.getAttribute("data-messages") || "{}");
    } catch (error) {
      return {};
    }
  }

  function launchPart(search) {
    var match = /[?&]part=([^&]*)/.exec(search || "");
    try { return match ? decodeURIComponent(match[1].replace(/\+/g, " ")) : ""; } catch (error) { return ""; }
  }

  function inPart(screen, part) {
    if (!part) { return !screen.hasAttribute("data-micro"); }
    return screen.getAttribute("data-module") === part || screen.getAttribute("data-micro") === part;
  }

  /* The screens of the launch's part (others hidden for good), and the menu links to them, renumbered. */
  function restrictToPart(part) {
    var all = toArray(document.querySelectorAll("section.screen"));
    var screens = all.filter(function (screen) { return inPart(screen, part); });
    if (part && screens.length === 0) { part = ""; screens = all.filter(function (s) { return inPart(s, ""); }); }
    all.forEach(function (screen) { if (screens.indexOf(screen) < 0) { screen.hidden = true; } });
    var links = toArray(document.querySelectorAll("#menu a[data-index]")).filter(function (link) {
      var index = screens.indexOf(document.getElementById(link.getAttribute("href").slice(1)));
      link.setAttribute("data-index", String(index));
      link.parentNode.hidden = index < 0;
      return index >= 0;
    });
    toArray(document.querySelectorAll("#menu .menu-module")).forEach(function (module) {
      module.hidden = !module.querySelector("li:not([hidden]) a[data-index]");
    });
    document.body.setAttribute("data-part", part);
    document.body.setAttribute("data-screens", String(screens.length));
    return { screens: screens, links: links };
  }

  function Player(runtime) {
    var shown = restrictToPart(launchPart(window.location.search));
    this.runtime = runtime;
    this.screens = shown.screens;
    this.links = shown.links;
    this.prev = document.getElementById("prev");
    this.next = document.getElementById("next");
    this.progress = document.getElementById("progress");
    this.menu = document.getElementById("menu");
    this.menuToggle = document.getElementById("menu-toggle");
    this.current = -1;
    this.completed = false;
    this.finished = false;
    this.seen = [];
    this.messages = readMessages();
    this.ids = [];
    this.attempts = Number(document.body.getAttribute("data-attempts")) || 2;
    this.mastery = Number(document.body.getAttribute("data-mastery"));
    this.rule = document.body.getAttribute("data-completion") || "screens";
    this.passed = null;
    this.checks = window.C2EChecks ? window.C2EChecks.create(this.attempts, this.say.bind(this), this.screens) : {};
  }

  Player.prototype.checkList = function () {
    var checks = this.checks;
    return Object.keys(checks).map(function (id) { return checks[id]; });
  };

  Player.prototype.indexOfId = function (id) {
    var i;
    for (i = 0; id && i < this.screens.length; i += 1) { if (this.screens[i].id === id) { return i; } }
    return -1;
  };

  Player.prototype.start = function () {
    var state = safeCall(this.runtime, "start") || {};
    var count = this.screens.length;
    this.ids = this.screens.map(function (screen) { return screen.id; });
    var saved = decodeState(state.suspend, this.ids, this.checks);
    this.seen = saved ? saved.seen : decodeSeen(state.suspend, this.ids);
    this.restoreChecks(saved ? saved.answers : {});
    this.completed = state.completed === true;
    document.body.setAttribute("data-runtime", (this.runtime && this.runtime.name) || "none");
    document.body.setAttribute("data-lms", this.runtime && this.runtime.connected ? "connected" : "none");
    if (this.completed) { document.body.setAttribute("data-complete", "true"); }
    this.bind();
    if (count > 0 && !this.jumpToHash(window.location.hash || "")) {
      var resumeAt = this.indexOfId(state.location);
      this.show(Math.max(0, resumeAt), false);
      if (resumeAt > 0) { this.offerResume(); }
    }
    document.body.setAttribute("data-ready", "true");
  };

  /* The saved answers back in their checks, the score shown, without telling the LMS again. */
  Player.prototype.restoreChecks = function (answers) {
    var self = this;
    var launch = this.runtime && this.runtime.launch;
    if (launch && typeof launch.masteryScore === "number") { this.mastery = launch.masteryScore; }
    if (!(this.mastery >= 0 && this.mastery <= 1)) { this.mastery = 0.8; }
    this.checkList().forEach(function (check) {
      if (answers[check.id]) { check.restore(answers[check.id]); }
      check.onAnswer = function (answered) { self.answered(answered); };
    });
    this.updateScore(false);
  };

  /* "Continue where you left off?": the saved screen is shown; Continue keeps it, the other starts over. */
  Player.prototype.offerResume = function () {
    var self = this;
    var content = document.getElementById("content");
    if (!content) { return; }
    var box = document.createElement("div");
    box.className = "resume";
    box.setAttribute("role", "region");
    box.setAttribute("aria-labelledby", "resume-prompt");
    var text = document.createElement("p");
    text.id = "resume-prompt";
    text.textContent = this.say("resume-prompt");
    box.appendChild(text);
    [["resume-yes", false], ["resume-no", true]].forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "nav-button " + choice[0];
      button.textContent = self.say(choice[0]);
      button.addEventListener("click", function () {
        box.parentNode.removeChild(box);
        document.body.removeAttribute("data-resumed");
        if (choice[1]) { self.show(0, true); } else { self.show(self.current, true); }
      });
      box.appendChild(button);
    });
    content.insertBefore(box, content.firstChild);
    document.body.setAttribute("data-resumed", "true");
    box.querySelector("button").focus();
  };

  /* A check was answered: tell the LMS the try, then the score once final, then pass/fail once all are. */
  Player.prototype.answered = function (check) {
    this.interaction(check.record());
    this.save();
    if (check.final()) { this.updateScore(true); }
  };

  /* The score (share of checks right) on every final check; reported and judged when ``report``. */
  Player.prototype.updateScore = function (report) {
    var checks = this.checkList();
    if (!checks.length) { return; }
    var right = checks.filter(function (check) { return check.final() && check.state.correct; }).length;
    var decided = checks.every(function (check) { return check.final(); });
    var percent = Math.round((100 * right) / checks.length);
    checks.forEach(function (check) { if (check.final()) { check.showScore(percent); } });
    if (decided) {
      this.passed = right / checks.length >= this.mastery - 1e-9;
      document.body.setAttribute("data-passed", this.passed ? "true" : "false");
    }
    if (!report) { return; }
    this.score(right, checks.length);
    if (decided) {
      this.success(this.passed);
      this.checkCompletion();
    }
  };

  /* Completion by the rule: every screen seen ("screens"), the checks passed ("score"), or both. */
  Player.prototype.checkCompletion = function () {
    var allSeen = this.seen.every(function (value) { return value; });
    var done = this.rule === "score" ? this.passed === true
      : this.rule === "screens-and-score" ? allSeen && this.passed === true : allSeen;
    if (!done) { return; }
    document.body.setAttribute("data-complete", "true");
    if (!this.completed) {
      this.completed = true;
      this.scoreOnCompletion();
      safeCall(this.runtime, "complete");
    }
  };

  Player.prototype.suspendText = function () {
    var budget = (this.runtime && this.runtime.suspendBudget) || DEFAULT_BUDGET;
    if (this.checkList().length) { return encodeState(this.ids, this.seen, this.checks, budget); }
    return encodeSeen(this.ids, this.seen, budget);
  };

  Player.prototype.save = function () {
    if (this.current < 0) { return; }
    safeCall(this.runtime, "save", { location: this.screens[this.current].id, suspend: this.suspendText() });
  };

  Player.prototype.show = function (index, moveFocus) {
    var count = this.screens.length;
    if (count === 0) { return; }
    index = Math.max(0, Math.min(count - 1, index));
    if (index !== this.current) {
      if (this.current >= 0) {
        this.leave(this.screens[this.current]);
      } else {
        this.screens.forEach(function (screen) { screen.hidden = true; });  // first show: resume may skip screen 1
      }
      this.current = index;
      this.screens[index].hidden = false;
      this.markScrollables(this.screens[index]);
      this.updateChrome(index);
      this.markSeen(index);
    }
    if (moveFocus) {
      document.body.setAttribute("data-moved", "true");
      var heading = this.screens[index].querySelector(".screen-title");
      window.scrollTo(0, 0);
      if (heading) { heading.focus(); }
    }
  };

  /* A table wider than its box scrolls inside it: make that box a labelled, focusable region so keyboard
   * users can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable). */
  Player.prototype.markScrollables = function (screen) {
    var label = this.say("table");
    toArray(screen.querySelectorAll(".table-wrap")).forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex") || wrap.scrollWidth <= wrap.clientWidth + 1) { return; }
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent : label);
    });
  };

  Player.prototype.leave = function (screen) {
    toArray(screen.querySelectorAll("audio, video")).forEach(function (media) {
      try { media.pause(); } catch (error) { /* nothing to pause */ }
    });
    screen.hidden = true;
  };

  /* The interface message `key` from the page's catalogue (body[data-messages]), `{name}` filled from values. */
  Player.prototype.say = function (key, values) {
    var text = String(this.messages[key] || key);
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(values[name])); });
    return text;
  };

  Player.prototype.updateChrome = function (index) {
    var count = this.screens.length;
    this.prev.disabled = index === 0;
    this.next.disabled = index === count - 1;
    this.progress.textContent = this.say("progress", { current: index + 1, count: count });
    document.body.setAttribute("data-screen", String(index));
    this.links.forEach(function (link) {
      if (Number(link.getAttribute("data-index")) === index) {
        link.setAttribute("aria-current", "step");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  };

  Player.prototype.markSeen = function (index) {
    var self = this;
    this.seen[index] = true;
    this.links.forEach(function (link) {
      if (self.seen[Number(link.getAttribute("data-index"))]) { link.setAttribute("data-seen", "true"); }
    });
    this.save();
    this.checkCompletion();
  };

  /* meta[name=c2e-completion-score] (a course without checks, for an LMS that records no completion without a
   * score, e.g. the workday preset): report that score, in percent, just before completing, unless one was. */
  Player.prototype.scoreOnCompletion = function () {
    var meta = document.querySelector('meta[name="c2e-completion-score"]');
    var percent = meta ? Number(meta.getAttribute("content")) : NaN;
    if (!this.scored && percent >= 0 && percent <= 100) { this.score(percent, 100); }
  };

  /* Results of knowledge checks, passed on to the LMS through the adapter (the checks call these). */
  Player.prototype.score = function (raw, max) {
    this.scored = true;
    var scaled = max > 0 ? Math.max(0, Math.min(1, raw / max)) : 0;
    safeCall(this.runtime, "score", { raw: raw, min: 0, max: max, scaled: scaled });
  };

  Player.prototype.success = function (passed) { safeCall(this.runtime, "success", passed === true); };

  Player.prototype.interaction = function (record) { safeCall(this.runtime, "interaction", record); };

  Player.prototype.finish = function () {
    if (this.finished) { return; }
    this.finished = true;
    safeCall(this.runtime, "finish");
  };

  Player.prototype.setMenuOpen = function (open) {
    if (!this.menu || !this.menuToggle) { return; }
    this.menu.hidden = !open;
    this.menuToggle.setAttribute("aria-expanded", open ? "true" : "false");
  };

  Player.prototype.jumpToHash = function (hash) {
    var id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (error) { return false; }
    var target = id ? document.getElementById(id) : null;
    var screen = target && target.closest ? target.closest("section.screen") : null;
    if (!screen || this.screens.indexOf(screen) < 0) { return false; }
    this.show(this.screens.indexOf(screen), screen === target);
    if (screen !== target) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    }
    return true;
  };

  Player.prototype.onKey = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping(event.target)) { return; }
    var rtl = document.documentElement.getAttribute("dir") === "rtl";
    var forward = rtl ? "ArrowLeft" : "ArrowRight";
    var back = rtl ? "ArrowRight" : "ArrowLeft";
    if (event.key === forward && !this.next.disabled) { this.show(this.current + 1, true); event.preventDefault(); }
    if (event.key === back && !this.prev.disabled) { this.show(this.current - 1, true); event.preventDefault(); }
  };

  Player.prototype.bind = function () {
    var self = this;
    var narrow = window.matchMedia ? window.matchMedia("(max-width: 47.99em)") : null;
    this.prev.addEventListener("click", function () { self.show(self.current - 1, true); });
    this.next.addEventListener("click", function () { self.show(self.current + 1, true); });
    this.links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (narrow && narrow.matches) { self.setMenuOpen(false); }
        self.show(Number(link.getAttribute("data-index")), true);
      });
    });
    document.getElementById("content").addEventListener("click", function (event) {
      var element = event.target;
      var link = element && element.closest ? element.closest("a[href^='#']") : null;
      var toggle = element && element.closest ? element.closest(".transcript-toggle") : null;
      if (link && self.jumpToHash(link.getAttribute("href"))) { event.preventDefault(); }
      if (toggle) { self.toggleTranscript(toggle); }
    });
    if (this.menuToggle) {
      this.menuToggle.addEventListener("click", function () { self.setMenuOpen(self.menu.hidden); });
    }
    if (narrow) {
      this.setMenuOpen(!narrow.matches);
      var onChange = function () { self.setMenuOpen(!narrow.matches); };
      if (narrow.addEventListener) { narrow.addEventListener("change", onChange); } else if (narrow.addListener) { narrow.addListener(onChange); }
    }
    window.addEventListener("resize", function () {
      if (self.current >= 0) { self.markScrollables(self.screens[self.current]); }
    });
    window.addEventListener("hashchange", function () { self.jumpToHash(window.location.hash || ""); });
    document.addEventListener("keydown", function (event) { self.onKey(event); });
    window.addEventListener("pagehide", function () { self.finish(); });
    window.addEventListener("beforeunload", function () { self.finish(); });
  };

  Player.prototype.toggleTranscript = function (toggle) {
    var region = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!region) { return; }
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    region.hidden = !open;
    if (open) { this.markScrollables(region); }
  };

  function boot() {
    var player = new Player(window.C2ERuntime || null);
    window.C2EPlayer = {
      show: function (index) { player.show(index, true); },
      current: function () { return player.current; },
      seen: function () { return player.seen.slice(); },
      score: function (raw, max) { player.score(raw, max); },
      success: function (passed) { player.success(passed); },
      interaction: function (record) { player.interaction(record); },
      encodeSeen: encodeSeen,
      decodeSeen: decodeSeen,
      encodeState: function () { return player.suspendText(); },
      decodeState: function (text) { return decodeState(text, player.ids, player.checks); },
      passed: function () { return player.passed; },
      fingerprint: fingerprint
    };
    player.start();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
}(window, document));
