/* c2e player core: screens, menu, transcript, progress and completion, for any standard.
 *
 * It talks to the LMS only through window.C2ERuntime (set by a runtime/<standard>.js loaded before this file;
 * interface documented in runtime/standalone.js). Progress is keyed on screen ids, never on positions, so a
 * course re-published with slides inserted, deleted or moved resumes on the same screen with what was seen:
 *   location = the current screen's id
 *   suspend  = "c2." + the sorted 18-bit fingerprints of the seen screens' ids, 3 base64url characters each
 *              (600 screens seen: at most 1,803 characters), or, past the adapter's budget (SCORM 1.2: 4,096),
 *              "c3.<m>.<base64url bitset of m bits>" with one bit per fingerprint mod m;
 *              "c1.<count>.<bitset>" (positional, from c2e 0.1) is still read when the screen count matches.
 * DOM hooks for tests: body[data-screen] = current index, body[data-complete="true"] once every screen was
 * seen, body[data-ready="true"] after start, body[data-lms] = "connected" | "none"; window.C2EPlayer.
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

  function Player(runtime) {
    this.runtime = runtime;
    this.screens = toArray(document.querySelectorAll("section.screen"));
    this.links = toArray(document.querySelectorAll("#menu a[data-index]"));
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
  }

  Player.prototype.indexOfId = function (id) {
    var i;
    for (i = 0; id && i < this.screens.length; i += 1) { if (this.screens[i].id === id) { return i; } }
    return -1;
  };

  Player.prototype.start = function () {
    var state = safeCall(this.runtime, "start") || {};
    var count = this.screens.length;
    this.ids = this.screens.map(function (screen) { return screen.id; });
    this.seen = decodeSeen(state.suspend, this.ids);
    this.completed = state.completed === true;
    document.body.setAttribute("data-runtime", (this.runtime && this.runtime.name) || "none");
    document.body.setAttribute("data-lms", this.runtime && this.runtime.connected ? "connected" : "none");
    if (this.completed) { document.body.setAttribute("data-complete", "true"); }
    this.bind();
    if (count > 0 && !this.jumpToHash(window.location.hash || "")) {
      this.show(Math.max(0, this.indexOfId(state.location)), false);
    }
    document.body.setAttribute("data-ready", "true");
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
    var budget = (this.runtime && this.runtime.suspendBudget) || DEFAULT_BUDGET;
    safeCall(this.runtime, "save", { location: this.screens[index].id, suspend: encodeSeen(this.ids, this.seen, budget) });
    var allSeen = this.seen.every(function (value) { return value; });
    if (allSeen) { document.body.setAttribute("data-complete", "true"); }
    if (allSeen && !this.completed) {
      this.completed = true;
      safeCall(this.runtime, "complete");
    }
  };

  /* Results of knowledge checks, passed on to the LMS through the adapter (the checks call these). */
  Player.prototype.score = function (raw, max) {
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
    if (!screen) { return false; }
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
