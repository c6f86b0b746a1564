/* c2e player runtime: what the SCORM adapters share (loaded after standalone.js, before scorm12.js or
 * scorm2004.js). Sets window.C2ELmsApi:
 *   find(property, method)  the LMS's API object (window[property] with a `method` function), found by
 *                           walking window.parent up to the top, then window.opener and its parents (bounded
 *                           loops; cross-origin frames are skipped); null when there is none
 *   pad(number, width)      the number as text, zero-padded on the left to `width` digits
 */
(function (window) {
  "use strict";

  var MAX_HOPS = 20;

  function apiIn(win, property, method) {
    try {
      var api = win[property];
      return api && typeof api[method] === "function" ? api : null;
    } catch (error) {
      return null; /* a cross-origin frame: keep walking */
    }
  }

  function searchUp(win, property, method) {
    var hops;
    var parent;
    for (hops = 0; win && hops <= MAX_HOPS; hops += 1) {
      var api = apiIn(win, property, method);
      if (api) { return api; }
      try { parent = win.parent; } catch (error) { return null; }
      if (!parent || parent === win) { return null; }
      win = parent;
    }
    return null;
  }

  function find(property, method) {
    var api = searchUp(window, property, method);
    var opener = null;
    if (api) { return api; }
    try { opener = window.opener; } catch (error) { opener = null; }
    return opener ? searchUp(opener, property, method) : null;
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) { text = "0" + text; }
    return text;
  }

  window.C2ELmsApi = { find: find, pad: pad };
}(window));
