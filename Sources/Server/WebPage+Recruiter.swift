extension WebPage {
    /// The recruiter's page at `GET /recruit`: a job (its id, or a posting pasted) in, the CVs
    /// open to recruiters out, each with the job's skills it shows and lacks, and Like / Not a
    /// fit / Contacted buttons that post to `/feedback/candidate`. `/recruit.js` drives it; the
    /// styles are `/app.css`'s.
    static let recruiterHTML = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>JobMatch: candidates for a job</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/app.css">
<script src="/recruit.js" defer></script>
</head>
<body>
<header class="top">
  <h1>JobMatch for recruiters</h1>
  <p>Give a job and see the people open to recruiters whose CVs fit it best. Names stay hidden until they answer.
     Looking for a job yourself? <a href="/">Match your CV</a>.</p>
</header>
<main>
  <form id="job-form" novalidate>
    <label class="field-label" for="job-id">Job id</label>
    <input id="job-id" autocomplete="off" placeholder="A job of this workspace, e.g. indeed:1a2b3c">
    <label class="field-label" for="job-text">…or paste the posting (first line: the title)</label>
    <textarea id="job-text" rows="7" maxlength="100000" spellcheck="false"
      placeholder="Registered Nurse&#10;We are looking for…"></textarea>
    <details id="token-box">
      <summary>API token</summary>
      <label>Token <input id="token" type="password" autocomplete="off"></label>
      <p class="hint">Only needed when the server runs with <code>--token</code>.</p>
    </details>
    <button id="submit" type="submit">Find candidates</button>
  </form>
  <p id="status" role="status" aria-live="polite"></p>
  <ol id="results" class="results"></ol>
</main>
<footer>
  <p>Only CVs whose owners let recruiters find them are searched. <b>Similarity</b> is the same number the person sees for this job. Your reactions train the next model. The API is described at <a href="/openapi.json">/openapi.json</a>.</p>
</footer>
</body>
</html>
"""#

    /// The script at `GET /recruit.js`: posts the job to `/match/job`, renders the CVs with DOM
    /// calls and `textContent` only, and posts reactions to `/feedback/candidate`.
    static let recruiterJavaScript = #"""
// JobMatch recruiter page: posts the job to /match/job, shows the CVs, posts reactions to /feedback/candidate.
// Every piece of data reaches the page through textContent or DOM properties, never as HTML.
'use strict';
(function () {
"""# + sharedScript + #"""
  const form = $('job-form'), status = $('status'), list = $('results'), submit = $('submit');
  const reactions = [['like', 'Like'], ['dislike', 'Not a fit'], ['contacted', 'Contacted']];

  // What a recruiter's cards say about skills (`explain`, shared).
  const skillWords = {
    shows: 'The job\'s skills this CV shows', showsNone: 'none of the job\'s skills found',
    lacks: 'The job\'s skills it lacks', lacksNone: 'none: the CV shows every skill listed',
    noSkills: 'The job names no skills we recognise: the CVs were ranked on the texts alone.',
  };

  function card(result, index, forRequest) {
    const li = el('li', 'card');
    li.dataset.cvId = String(result.cv_id);
    const head = el('div', 'card-head');
    head.appendChild(el('span', 'rank', String(index + 1)));
    head.appendChild(el('h2', '', String(result.headline || result.cv_id)));
    li.appendChild(head);
    const years = result.years_experience === null || result.years_experience === undefined ? null : Math.round(Number(result.years_experience)) + ' years';
    li.appendChild(el('p', 'meta', [String(result.cv_id), result.location, years].filter(Boolean).join(' · ')));
    const scores = el('p', 'scores');
    const similarity = el('span', '', 'Similarity ');
    similarity.appendChild(el('b', '', Number(result.score).toFixed(3)));
    scores.appendChild(similarity);
    const rerank = el('span', '', 'Rerank ');
    rerank.appendChild(el('b', '', result.rerank_score === null || result.rerank_score === undefined ? '–' : Number(result.rerank_score).toFixed(3)));
    scores.appendChild(rerank);
    li.appendChild(scores);
    explain(li, result, skillWords);
    const actions = el('div', 'actions');
    const note = el('span', 'note');
    for (const [event, label] of reactions) {
      const button = el('button', '', label);
      button.type = 'button';
      button.dataset.event = event;
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => react(button, note, forRequest, String(result.cv_id), event, label));
      actions.appendChild(button);
    }
    actions.appendChild(note);
    li.appendChild(actions);
    return li;
  }

  async function react(button, note, forRequest, cvID, event, label) {
    button.disabled = true;
    note.className = 'note';
    note.textContent = 'Saving…';
    try {
      await post('/feedback/candidate', { request_id: forRequest, cv_id: cvID, event });
      button.setAttribute('aria-pressed', 'true');
      note.textContent = 'Saved: ' + label.toLowerCase() + '.';
    } catch (error) {
      button.disabled = false;
      note.className = 'note error';
      note.textContent = 'Not saved: ' + error.message;
    }
  }

  form.addEventListener('submit', async (submitEvent) => {
    submitEvent.preventDefault();
    const id = $('job-id').value.trim(), text = $('job-text').value.trim();
    if (!id === !text) {
      setStatus(id ? 'Give a job id or a posting, not both.' : 'Give a job id or paste a posting first.', true);
      return;
    }
    submit.disabled = true;
    document.body.dataset.state = 'matching';
    setStatus('Looking through the CVs open to recruiters…', false);
    try {
      const data = await post('/match/job', id ? { job_id: id, top: 20 } : { job_text: text, top: 20 });
      list.replaceChildren(...data.results.map((r, i) => card(r, i, data.request_id)));
      setStatus(data.results.length
        ? data.results.length + ' people for "' + data.title + '", best fit first. Like, pass or mark the ones you contacted.'
        : 'Nobody open to recruiters yet.', false);
      document.body.dataset.state = 'results';
    } catch (error) {
      list.replaceChildren();
      if (error.status === 401) {
        $('token-box').open = true;
        setStatus('This server needs an API token: enter it under "API token" and try again.', true);
      } else {
        setStatus('Could not search: ' + error.message, true);
      }
      document.body.dataset.state = 'error';
    } finally {
      submit.disabled = false;
    }
  });
  document.body.dataset.state = 'ready';
}());
"""#
}
