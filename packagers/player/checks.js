/* c2e player: knowledge checks (loaded before player.js, which drives them). Sets window.C2EChecks.
 *
 * A check is a form.check in a section.check-screen (templates/check.html.j2): data-question (the question id),
 * data-kind ("choice" | "multiple-response" | "true-false" | "fill-in"), data-correct (JSON: the correct
 * option values, or the accepted fill-in answers). Submitting grades the answer in the page: options must match
 * exactly; a fill-in answer matches when equal to an accepted one trimmed, spaces collapsed, case ignored. The
 * learner has `attempts` tries (body[data-attempts]); the check is final when right or out of tries, and then
 * shows the answer. Feedback goes to the form's live region: the verdict, the question's feedback for a right or
 * wrong answer, and the feedback of each chosen option.
 *
 * State of one check, as player.js saves it: {attempts: tries used, correct: last try right, values: chosen
 * option values (choice kinds), text: the typed answer (fill-in)}. A try's latency runs from the first focus in
 * the form to the submit. DOM hooks for tests: form[data-state] =
 * "open" | "retry" | "correct" | "incorrect".
 */
(function (window, document) {
  "use strict";

  function toArray(list) { return Array.prototype.slice.call(list); }

  function normalise(text) { return String(text || "").replace(/\s+/g, " ").trim().toLowerCase(); }

  function readJson(text, fallback) {
    try { return JSON.parse(text); } catch (error) { return fallback; }
  }

  function sameSet(one, other) {
    if (one.length !== other.length) { return false; }
    return one.every(function (value) { return other.indexOf(value) >= 0; });
  }

  function Check(form, attempts, say) {
    this.form = form;
    this.say = say;
    this.id = form.getAttribute("data-question");
    this.kind = form.getAttribute("data-kind");
    this.correctValues = readJson(form.getAttribute("data-correct") || "[]", []);
    this.maxAttempts = Math.max(1, attempts);
    this.options = toArray(form.querySelectorAll("input[type=radio], input[type=checkbox]"));
    this.input = form.querySelector("input[type=text]");
    this.submit = form.querySelector(".check-submit");
    this.verdict = form.querySelector(".check-verdict");
    this.scoreLine = form.querySelector(".check-score");
    this.state = { attempts: 0, correct: false, values: [], text: "" };
    this.onAnswer = null;
    this.startedAt = 0;
    this.latency = 0;
  }

  Check.prototype.final = function () {
    return this.state.correct || this.state.attempts >= this.maxAttempts;
  };

  Check.prototype.answered = function () { return this.state.attempts > 0; };

  /* The response the form holds now: {values, text}. */
  Check.prototype.read = function () {
    return {
      values: this.options.filter(function (option) { return option.checked; }).map(function (option) { return option.value; }),
      text: this.input ? this.input.value : ""
    };
  };

  Check.prototype.grade = function (response) {
    if (this.kind === "fill-in") {
      var typed = normalise(response.text);
      return this.correctValues.some(function (answer) { return normalise(answer) === typed; });
    }
    return sameSet(response.values, this.correctValues);
  };

  /* The interaction record the runtime adapters take (see runtime/standalone.js). */
  Check.prototype.record = function () {
    var fillIn = this.kind === "fill-in";
    var legend = this.form.querySelector(".check-prompt");
    var form = this.form;
    return {
      id: this.id,
      type: this.kind,
      response: fillIn ? this.state.text.replace(/\s+/g, " ").trim() : this.state.values.slice(),
      correct: fillIn ? (this.correctValues[0] || "") : this.correctValues.slice(),
      result: this.state.correct ? "correct" : "incorrect",
      description: legend ? legend.textContent.replace(/\s+/g, " ").trim() : this.id,
      latency: this.latency,
      choices: this.options.map(function (option) {
        var label = form.querySelector("label[for='" + option.id + "']");
        return { id: option.value, description: label ? label.textContent.replace(/\s+/g, " ").trim() : option.value };
      })
    };
  };

  Check.prototype.onSubmit = function (event) {
    event.preventDefault();
    if (this.final()) { return; }
    var response = this.read();
    if (!response.values.length && !normalise(response.text)) {
      this.showVerdict(this.say("check-answer-needed"));
      return;
    }
    var now = Date.now();
    this.latency = now - (this.startedAt || now);
    this.startedAt = 0;
    this.state = { attempts: this.state.attempts + 1, correct: this.grade(response), values: response.values,
      text: response.text };
    this.render();
    var feedback = this.form.querySelector(".check-feedback");
    if (feedback && feedback.scrollIntoView) { feedback.scrollIntoView({ block: "nearest" }); }  // phones: in view
    if (this.onAnswer) { this.onAnswer(this); }
  };

  Check.prototype.showVerdict = function (text) {
    this.verdict.textContent = text;
    this.verdict.hidden = false;
  };

  Check.prototype.verdictText = function () {
    if (this.state.correct) { return this.say("check-correct"); }
    if (this.final()) { return this.say("check-incorrect"); }
    return this.say("check-incorrect") + " " + this.say("check-retry") + ". " +
      this.say("check-attempts-left", { count: this.maxAttempts - this.state.attempts });
  };

  /* Shows the state: the inputs as answered, the feedback, and, once final, the answer with inputs locked. */
  Check.prototype.render = function () {
    var state = this.state;
    var final = this.final();
    var form = this.form;
    this.options.forEach(function (option) {
      option.checked = state.values.indexOf(option.value) >= 0;
      option.disabled = final;
    });
    if (this.input) {
      this.input.value = state.text;
      this.input.readOnly = final;
    }
    this.submit.disabled = final;
    this.submit.hidden = final;
    toArray(form.querySelectorAll(".check-explain")).forEach(function (note) {
      var when = note.getAttribute("data-when");
      var choice = note.getAttribute("data-choice");
      note.hidden = !(state.attempts > 0 && ((when === "correct" && state.correct) ||
        (when === "incorrect" && !state.correct) || (choice && state.values.indexOf(choice) >= 0)));
    });
    var reveal = form.querySelector(".check-reveal");
    if (reveal) { reveal.hidden = !(final && !state.correct); }
    if (state.attempts > 0) { this.showVerdict(this.verdictText()); }
    form.setAttribute("data-state", state.attempts === 0 ? "open" : state.correct ? "correct" : final ? "incorrect" : "retry");
  };

  Check.prototype.restore = function (state) {
    this.state = {
      attempts: Math.min(this.maxAttempts, Math.max(0, Number(state.attempts) || 0)),
      correct: state.correct === true,
      values: (state.values || []).filter(function (value) { return typeof value === "string"; }),
      text: typeof state.text === "string" ? state.text : ""
    };
    this.render();
  };

  Check.prototype.showScore = function (percent) {
    if (!this.scoreLine) { return; }
    this.scoreLine.textContent = this.say("check-score", { score: percent });
    this.scoreLine.hidden = false;
  };

  /* Every check among `screens` (the launch's part; default: the whole page), keyed by question id, each bound
   * to its form's submit: a module launched as its own SCO/AU is scored on its own checks only. */
  function createChecks(attempts, say, screens) {
    var checks = {};
    var forms = toArray(document.querySelectorAll("section.check-screen form.check")).filter(function (form) {
      return !screens || screens.indexOf(form.closest("section.screen")) >= 0;
    });
    forms.forEach(function (form) {
      var check = new Check(form, attempts, say);
      form.addEventListener("submit", function (event) { check.onSubmit(event); });
      form.addEventListener("focusin", function () { if (!check.startedAt) { check.startedAt = Date.now(); } });
      form.setAttribute("data-state", "open");
      checks[check.id] = check;
    });
    return checks;
  }

  window.C2EChecks = { create: createChecks, normalise: normalise };
}(window, document));
