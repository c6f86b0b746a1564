/* c2e player core: screens, menu, transcript, progress and completion, for any standard.
 *
 * It talks to the LMS only through window.C2ERuntime (set by a runtime/<standard>.js loaded before this file;
 * interface documented in runtime/standalone.js). Progress travels as:
 *   location = the current screen's id
 *   suspend  = "c1.<screen count>.<base64url bitset of seen screens>" (1,000 screens: about 175 characters)
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

  /* seen: array of booleans -> "c1.<count>.<bitset>"; bit i of byte i>>3 is screen i. */
  function encodeSeen(seen) {
    var bytes = [];
    var i;
    for (i = 0; i < Math.ceil(seen.length / 8); i += 1) { bytes.push(0); }
    for (i = 0; i < seen.length; i += 1) { if (seen[i]) { bytes[i >> 3] |= 1 << (i & 7); } }
    return SUSPEND_PREFIX + "." + seen.length + "." + bytesToBase64url(bytes);
  }

  /* The inverse; anything unreadable, or saved for a different screen count, gives an empty set.
   * A truncated bitset keeps the screens it still names. */
  function decodeSeen(text, count) {
    var seen = [];
    var i;
    for (i = 0; i < count; i += 1) { seen.push(false); }
    var parts = String(text || "").split(".");
    if (parts.length !== 3 || parts[0] !== SUSPEND_PREFIX || Number(parts[1]) !== count) { return seen; }
    var bytes = base64urlToBytes(parts[2]);
    for (i = 0; i < count; i += 1) {
      var byte = bytes[i >> 3];
      seen[i] = byte !== undefined && (byte & (1 << (i & 7))) !== 0;
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
  }

  Player.prototype.indexOfId = function (id) {
    var i;
    for (i = 0; id && i < this.screens.length; i += 1) { if (this.screens[i].id === id) { return i; } }
    return -1;
  };

  Player.prototype.start = function () {
    var state = safeCall(this.runtime, "start") || {};
    var count = this.screens.length;
    this.seen = decodeSeen(state.suspend, count);
    this.completed = state.completed === true;
    document.body.setAttribute("data-runtime", (this.runtime && this.runtime.name) || "none");
    document.body.setAttribute("data-lms", this.runtime && this.runtime.connected ? "connected" : "none");
    if (this.completed) { document.body.setAttribute("data-complete", "true"); }
    this.bind();
    if (count > 0) { this.show(Math.max(0, this.indexOfId(state.location)), false); }
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

  Player.prototype.leave = function (screen) {
    toArray(screen.querySelectorAll("audio, video")).forEach(function (media) {
      try { media.pause(); } catch (error) { /* nothing to pause */ }
    });
    screen.hidden = true;
  };

  Player.prototype.updateChrome = function (index) {
    var count = this.screens.length;
    this.prev.disabled = index === 0;
    this.next.disabled = index === count - 1;
    this.progress.textContent = "Screen " + (index + 1) + " of " + count;
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
    safeCall(this.runtime, "save", { location: this.screens[index].id, suspend: encodeSeen(this.seen) });
    var allSeen = this.seen.every(function (value) { return value; });
    if (allSeen) { document.body.setAttribute("data-complete", "true"); }
    if (allSeen && !this.completed) {
      this.completed = true;
      safeCall(this.runtime, "complete");
    }
  };

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
  };

  function boot() {
    var player = new Player(window.C2ERuntime || null);
    window.C2EPlayer = {
      show: function (index) { player.show(index, true); },
      current: function () { return player.current; },
      seen: function () { return player.seen.slice(); },
      encodeSeen: encodeSeen,
      decodeSeen: decodeSeen
    };
    player.start();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
}(window, document));
