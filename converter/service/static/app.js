/* c2e serve's page: choose or drop files, pick outputs and an LMS preset, submit, follow the job, show the loss
   report, the preview and the downloads. Plain DOM, no framework; text is always set with textContent. */
(function () {
  "use strict";
  var DEFAULT_FORMATS = ["scorm12", "web", "journey"];
  var STAGES = {queued: "Queued: waiting for a free worker.", converting: "Converting your course\u2026",
    converted: "Converted.", failed: "The conversion failed."};
  var $ = function (id) { return document.getElementById(id); };
  var form = $("convert"), input = $("files"), drop = $("drop"), info = null, timer = null;

  function headers() {
    var token = $("token").value.trim();
    if (!token) { return {}; }
    document.cookie = "c2e_token=" + encodeURIComponent(token) + "; path=/; SameSite=Strict";
    return {Authorization: "Bearer " + token};
  }

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign(headers(), options.headers || {});
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var problem = body.error || {message: "the service answered " + response.status};
          throw new Error(problem.message);
        }
        return body;
      });
    });
  }

  function showError(message) { $("error").textContent = message ? "Error: " + message : ""; }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  var ROLES = [["auto", "Automatic (a deck, else a handout)"], ["deck", "Deck"], ["handout", "Handout"],
    ["facilitator-guide", "Facilitator guide (live session only)"], ["reference", "Reference"]];

  function listChosen() {
    var list = $("chosen");
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file, index) {
      var item = element("li", null, {"class": "source"});
      var id = "role-" + index;
      item.appendChild(element("span", file.name + " (" + size(file.size) + ")", {id: id + "-name"}));
      var label = element("label", "Role", {"for": id, "class": "role-label"});
      var select = element("select", null, {id: id, name: "roles", "aria-describedby": id + "-name"});
      ROLES.forEach(function (role) { select.appendChild(element("option", role[1], {value: role[0]})); });
      if (/guide/i.test(file.name) && /\.(docx?|odt|rtf)$/i.test(file.name)) { select.value = "facilitator-guide"; }
      item.appendChild(label);
      item.appendChild(select);
      list.appendChild(item);
    });
  }

  function fillChoices(data) {
    info = data;
    showError("");
    var box = $("formats");
    Object.keys(data.formats).forEach(function (name) {
      var id = "format-" + name;
      var label = element("label", null, {"for": id});
      var check = element("input", null, {type: "checkbox", id: id, name: "formats", value: name});
      check.checked = DEFAULT_FORMATS.indexOf(name) >= 0;
      label.appendChild(check);
      label.appendChild(element("span", name + ": " + data.formats[name].replace(/ \[.*\]$/, "")));
      box.appendChild(label);
    });
    Object.keys(data.presets).forEach(function (name) {
      $("lms").appendChild(element("option", data.presets[name], {value: name}));
    });
    $("limit").textContent = "Up to " + data.max_files + " files, " + size(data.max_upload_bytes) + " in all.";
    $("token-box").hidden = !data.token_required;
  }

  function loadInfo() {
    api("/api/info").then(fillChoices).catch(function (error) {
      $("token-box").hidden = false;
      showError(error.message + " (enter the API token, then convert)");
    });
  }

  function submit(event) {
    event.preventDefault();
    showError("");
    if (!input.files.length) { showError("choose at least one file"); input.focus(); return; }
    var body = new FormData();
    Array.prototype.forEach.call(input.files, function (file) { body.append("files", file, file.name); });
    var formats = Array.prototype.filter.call(form.querySelectorAll("input[name=formats]"),
      function (check) { return check.checked; }).map(function (check) { return check.value; });
    if (formats.length) { body.append("formats", formats.join(",")); }
    if ($("lms").value) { body.append("lms", $("lms").value); }
    var roles = Array.prototype.map.call(form.querySelectorAll("select[name=roles]"),
      function (select) { return select.value; });
    if (roles.some(function (role) { return role !== "auto"; })) { body.append("roles", roles.join(",")); }
    $("submit").disabled = true;
    $("result").hidden = true;
    $("progress-box").hidden = false;
    announce("Uploading\u2026", 0);
    api("/api/jobs", {method: "POST", body: body}).then(follow).catch(function (error) {
      $("submit").disabled = false;
      $("progress-box").hidden = true;
      showError(error.message);
    });
  }

  var lastStage = null;
  function announce(text, percent) {
    $("progress").value = percent;
    if ($("status").textContent !== text) { $("status").textContent = text; }
  }

  function remember(job) {
    try { window.sessionStorage.setItem("c2e-job", job.url); } catch (error) { /* storage blocked */ }
  }

  function resume() {
    var url = null;
    try { url = window.sessionStorage.getItem("c2e-job"); } catch (error) { return; }
    if (!url || !/^\/api\/jobs\/[0-9a-f]{32}$/.test(url)) { return; }
    $("progress-box").hidden = false;
    api(url).then(follow).catch(function () {
      $("progress-box").hidden = true;
      try { window.sessionStorage.removeItem("c2e-job"); } catch (error) { /* storage blocked */ }
    });
  }

  function follow(job) {
    remember(job);
    if (job.status !== lastStage) { lastStage = job.status; announce(STAGES[job.status], job.progress.percent); }
    $("elapsed").textContent = Math.round(job.progress.seconds) + " s";
    if (job.status === "converted" || job.status === "failed") { finish(job); return; }
    timer = window.setTimeout(function () {
      api(job.url).then(follow).catch(function (error) { showError(error.message); $("submit").disabled = false; });
    }, 800);
  }

  function finish(job) {
    $("submit").disabled = false;
    lastStage = null;
    if (job.status === "failed") {
      announce("The conversion failed: " + job.error.message, 100);
      showError(job.error.message + " (" + job.error.code + ")");
      return;
    }
    announce("Converted in " + job.progress.seconds.toFixed(1) + " s. Your course is ready below.", 100);
    $("summary").textContent = job.summary || "Nothing needs a look.";
    var list = $("downloads");
    list.textContent = "";
    job.outputs.forEach(function (output) {
      var item = element("li");
      var name = output.name + (output.kind === "folder" ? ".zip" : "");
      item.appendChild(element("a", name, {href: output.url, download: name}));
      item.appendChild(document.createTextNode(" (" + size(output.size) + ")"));
      list.appendChild(item);
    });
    $("full-report").href = job.report_html_url || "#";
    $("preview-box").hidden = !job.preview_url;
    if (job.preview_url) {
      $("preview").src = job.preview_url;
      $("preview-link").href = job.preview_url;
    }
    $("result").hidden = false;
    $("result-title").focus();
    if (job.report_url) { api(job.report_url).then(showLooks).catch(function () {}); }
  }

  function where(message) {
    var at = message.where || {};
    return [at.file, at.unit ? "#" + at.unit : null].filter(Boolean).join(" ");
  }

  function showLooks(report) {
    var box = $("looks");
    box.textContent = "";
    var groups = report.needs_look || [];
    if (!groups.length) { box.appendChild(element("p", "Nothing: every part came through as itself.")); return; }
    groups.forEach(function (group) {
      box.appendChild(element("h4", (group.instead || "shown as itself") + " (" + group.messages.length + ")"));
      var list = element("ul", null, {"class": "look"});
      group.messages.forEach(function (message) {
        list.appendChild(element("li", (where(message) ? where(message) + ": " : "") + message.text));
      });
      box.appendChild(list);
    });
  }

  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; listChosen(); }
  });
  input.addEventListener("change", listChosen);
  form.addEventListener("submit", submit);
  $("token").addEventListener("change", function () { if (!info) { loadInfo(); } });
  loadInfo();
  resume();
}());
