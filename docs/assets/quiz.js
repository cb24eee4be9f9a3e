// Self-check quiz: instant feedback and a running score, computed in the browser.
// Nothing is sent anywhere or stored. Without this script the answers sit in
// closed "Show the answer" blocks, so the quiz still works.
(function () {
  "use strict";

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function optionSource(question, key) {
    return question.querySelector('.quiz-answer-option[data-option="' + key + '"]');
  }

  function clearQuestion(question) {
    each(question.querySelectorAll("input"), function (input) { input.checked = false; });
    each(question.querySelectorAll(".quiz-option"), function (option) {
      option.classList.remove("quiz-option--correct", "quiz-option--wrong", "quiz-option--chosen");
      var feedback = option.querySelector(".quiz-feedback");
      feedback.hidden = true;
      feedback.textContent = "";
    });
    question.querySelector(".quiz-result").textContent = "";
  }

  function statusText(picked, correct) {
    if (picked) return correct ? "You chose this: correct." : "You chose this: not correct.";
    return correct ? "A correct answer you did not choose." : "Not correct.";
  }

  // Marks every option, shows why, and returns whether the whole answer was right.
  function markQuestion(question) {
    var chosen = [];
    each(question.querySelectorAll("input"), function (input) {
      if (input.checked) chosen.push(input.value);
    });
    var result = question.querySelector(".quiz-result");
    if (!chosen.length) {
      result.textContent = "Choose an answer first.";
      return null;
    }
    var allRight = true;
    each(question.querySelectorAll(".quiz-option"), function (option) {
      var key = option.getAttribute("data-option");
      var source = optionSource(question, key);
      var correct = source.getAttribute("data-correct") === "true";
      var picked = chosen.indexOf(key) !== -1;
      if (correct !== picked) allRight = false;
      option.classList.toggle("quiz-option--chosen", picked);
      option.classList.toggle("quiz-option--correct", correct);
      option.classList.toggle("quiz-option--wrong", picked && !correct);
      var feedback = option.querySelector(".quiz-feedback");
      feedback.textContent = "";
      var status = document.createElement("p");
      status.className = "quiz-status";
      status.textContent = statusText(picked, correct);
      feedback.appendChild(status);
      feedback.appendChild(source.querySelector(".quiz-why").cloneNode(true));
      feedback.hidden = false;
    });
    var several = question.getAttribute("data-kind") === "multiple";
    result.textContent = allRight
      ? "Correct. The notes under each option say why."
      : several
        ? "Not quite: this question has more than one right answer, and each choice counts. The notes under each option explain."
        : "Not quite. The notes under each option explain why.";
    return allRight;
  }

  function enhance(quiz) {
    if (quiz.getAttribute("data-quiz-ready")) return;
    quiz.setAttribute("data-quiz-ready", "true");
    var questions = quiz.querySelectorAll(".quiz-question");
    var summary = quiz.querySelector(".quiz-summary");
    var score = quiz.querySelector(".quiz-score");
    var results = {};

    function showScore() {
      var checked = 0;
      var right = 0;
      Object.keys(results).forEach(function (id) {
        checked += 1;
        if (results[id]) right += 1;
      });
      summary.hidden = checked === 0;
      score.textContent = checked === questions.length
        ? "Your score: " + right + " out of " + questions.length + "."
        : "So far: " + right + " right out of " + checked + " checked. " + (questions.length - checked) + " to go.";
    }

    each(questions, function (question) {
      question.querySelector(".quiz-answer").hidden = true;
      var actions = question.querySelector(".quiz-actions");
      actions.hidden = false;
      actions.querySelector(".quiz-check").addEventListener("click", function () {
        var outcome = markQuestion(question);
        if (outcome === null) return;
        results[question.id] = outcome;
        showScore();
      });
    });

    quiz.querySelector(".quiz-reset").addEventListener("click", function () {
      each(questions, clearQuestion);
      results = {};
      showScore();
      var first = quiz.querySelector(".quiz-question input");
      if (first) first.focus();
    });
  }

  function start() {
    each(document.querySelectorAll("[data-quiz]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
