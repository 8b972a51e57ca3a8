// Self-check quizzes (training modules): the page already shows each question with its
// options and a collapsible answer (it works without JavaScript). This adds a "Check my
// answers" button: each question says whether the chosen option is right, its answer
// opens, and the count of right answers is announced. Strings come from the page.

function mountQuiz(quiz) {
  if (quiz.dataset.gppMounted) return;
  quiz.dataset.gppMounted = "true";
  const actions = quiz.querySelector(".gpp-quiz__actions");
  const score = quiz.querySelector(".gpp-quiz__score");
  actions.hidden = false;
  actions.querySelector("button").addEventListener("click", () => {
    const items = [...quiz.querySelectorAll(".gpp-quiz__item")];
    let right = 0;
    for (const item of items) {
      const chosen = item.querySelector("input[type=radio]:checked");
      const feedback = item.querySelector(".gpp-quiz__feedback");
      const ok = chosen && chosen.value === item.dataset.answer;
      if (ok) right += 1;
      item.dataset.gppResult = ok ? "right" : chosen ? "wrong" : "unanswered";
      feedback.textContent = ok ? quiz.dataset.right : chosen ? quiz.dataset.wrong : quiz.dataset.unanswered;
      feedback.hidden = false;
      item.querySelector("details").open = true;
    }
    score.textContent = quiz.dataset.score.replace("{correct}", right).replace("{total}", items.length);
  });
}

function mountAll() {
  for (const quiz of document.querySelectorAll(".gpp-quiz")) mountQuiz(quiz);
}

mountAll();
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountAll);
