extension WebPage {
    /// The script at `GET /app.js`: posts the CV to `/match`, renders the results with DOM calls and `textContent` only, and posts reactions to `/feedback` with the request id.
    static let javascript = #"""
// JobMatch web page: posts the CV to /match, shows the ranked jobs, posts reactions to /feedback.
// Every piece of data reaches the page through textContent or DOM properties, never as HTML.
'use strict';
(function () {
"""# + sharedScript + #"""
  const form = $('match-form'), cv = $('cv'), file = $('cv-file'), status = $('status'), list = $('results');
  const submit = $('submit');
  const maxFileBytes = 400 * 1024;       // a .txt file, read into the text box
  const maxDocumentBytes = 700 * 1024;   // a PDF or DOCX, sent as base64 (the server's 1 MiB body limit)
  let upload = null;                     // {name, content_base64} of a chosen PDF or DOCX, until the text box is edited
  const reactions = [['like', 'Like'], ['dislike', 'Dislike'], ['applied', 'Applied']];
  let requestID = null;

  cv.addEventListener('input', () => { upload = null; });

  // A PDF or a DOCX goes to the server as it is (the server reads it: columns, headers, scans).
  function readDocument(chosen) {
    if (chosen.size > maxDocumentBytes) {
      setStatus(chosen.name + ' is larger than 700 KB; paste the text of your CV instead.', true);
      file.value = '';
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result);
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      upload = { name: chosen.name, content_base64: btoa(binary) };
      cv.value = '';
      setStatus('Chose ' + chosen.name + '. Press "Find jobs" to match it.', false);
    };
    reader.onerror = () => setStatus('Could not read ' + chosen.name + '.', true);
    reader.readAsArrayBuffer(chosen);
  }

  file.addEventListener('change', () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    upload = null;
    if (/\.(pdf|docx)$/i.test(chosen.name)) { readDocument(chosen); return; }
    if (chosen.size > maxFileBytes) {
      setStatus(chosen.name + ' is larger than 400 KB; paste the text of your CV instead.', true);
      file.value = '';
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      cv.value = String(reader.result || '');
      setStatus('Loaded ' + chosen.name + '. Press "Find jobs".', false);
    };
    reader.onerror = () => setStatus('Could not read ' + chosen.name + '.', true);
    reader.readAsText(chosen);
  });

  // What a job seeker's cards say about skills (`explain`, shared).
  const skillWords = {
    shows: 'Your skills it asks for', showsNone: 'none found in your CV',
    lacks: 'Skills it asks for that your CV lacks', lacksNone: 'none: you have every skill listed',
    noSkills: 'This posting names no skills we recognise: it was ranked on its text alone.',
  };

  function card(result, index, forRequest) {
    const li = el('li', 'card');
    li.dataset.jobId = String(result.job_id);
    const head = el('div', 'card-head');
    head.appendChild(el('span', 'rank', String(index + 1)));
    head.appendChild(el('h2', '', String(result.title)));
    li.appendChild(head);
    li.appendChild(el('p', 'meta', [result.company, result.location].filter(Boolean).join(' · ') || 'Company and place not given'));

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
      button.addEventListener('click', () => react(button, note, forRequest, String(result.job_id), event, label));
      actions.appendChild(button);
    }
    actions.appendChild(note);
    li.appendChild(actions);
    return li;
  }

  async function react(button, note, forRequest, jobID, event, label) {
    button.disabled = true;
    note.className = 'note';
    note.textContent = 'Saving…';
    try {
      await post('/feedback', { request_id: forRequest, job_id: jobID, event });
      button.setAttribute('aria-pressed', 'true');
      note.textContent = 'Saved: ' + label.toLowerCase() + '. Thank you.';
    } catch (error) {
      button.disabled = false;
      note.className = 'note error';
      note.textContent = 'Not saved: ' + error.message;
    }
  }

  form.addEventListener('submit', async (submitEvent) => {
    submitEvent.preventDefault();
    const text = cv.value.trim();
    if (!text && !upload) {
      setStatus('Paste your CV or choose a file first.', true);
      cv.focus();
      return;
    }
    const filters = {};
    const country = $('country').value.trim(), level = $('level').value;
    if (country) filters.country = country;
    if (level) filters.level = level;
    if ($('remote').checked) filters.remote = true;

    submit.disabled = true;
    document.body.dataset.state = 'matching';
    setStatus('Matching your CV against every job…', false);
    const started = performance.now();
    try {
      const data = await post('/match', upload
        ? { cv_file: upload, filters, top: 20, keep_text: $('keep-text').checked }
        : { text, filters, top: 20, keep_text: $('keep-text').checked });
      requestID = data.request_id;
      list.replaceChildren(...data.results.map((r, i) => card(r, i, requestID)));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      // Say how the list is ordered (the response's ranking_version: retrieval, hybrid, rerank@…, fused@…).
      const ranking = typeof data.ranking_version === 'string' ? data.ranking_version.split('@')[0] : '';
      const order = { retrieval: ' Ordered by similarity.', rerank: ' Ordered by the reranker.',
                      fused: ' Ordered by similarity and the reranker together.',
                      hybrid: ' Ordered by similarity and shared words together.' }[ranking] || '';
      setStatus(data.results.length
        ? data.results.length + ' jobs, best match first (' + seconds + ' s).' + order + ' Like, dislike or mark the ones you applied to.'
        : 'No job passes these filters. Try fewer filters.', false);
      document.body.dataset.state = 'results';
    } catch (error) {
      list.replaceChildren();
      if (error.status === 401) {
        $('token-box').open = true;
        setStatus('This server needs an API token: enter it under "API token" and try again.', true);
      } else {
        setStatus('Could not match: ' + error.message, true);
      }
      document.body.dataset.state = 'error';
    } finally {
      submit.disabled = false;
    }
  });
  // Alerts: GET /alerts?cv_id=…, newest first; "new" marks those after the newest one shown at the
  // last visit (localStorage, per CV id; the server's own times, so the two clocks never mix).
  const alertsStatus = $('alerts-status'), alertsList = $('alerts-list');
  function alertCard(alert, isNew) {
    const li = el('li', isNew ? 'card alert new' : 'card alert');
    li.dataset.jobId = String(alert.job_id);
    const head = el('div', 'card-head');
    if (isNew) head.appendChild(el('span', 'badge', 'New'));
    head.appendChild(el('h2', '', String(alert.title)));
    li.appendChild(head);
    li.appendChild(el('p', 'meta', [alert.company, 'score ' + Number(alert.score).toFixed(3), String(alert.time)].filter(Boolean).join(' · ')));
    const url = String(alert.url || '');
    if (/^https?:\/\//.test(url)) {
      const link = el('a', '', 'See the posting');
      link.href = url;
      link.rel = 'noopener noreferrer';
      li.appendChild(link);
    }
    explain(li, alert, skillWords);
    return li;
  }
  $('alerts-form').addEventListener('submit', async (submitEvent) => {
    submitEvent.preventDefault();
    const id = $('alerts-cv').value.trim();
    if (!id) { alertsStatus.textContent = 'Enter your CV id first.'; return; }
    const key = 'jobmatch.alerts.seen.' + id;
    const seen = localStorage.getItem(key) || '';
    const headers = {};
    const token = $('token').value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    try {
      const response = await fetch('/alerts?cv_id=' + encodeURIComponent(id), { headers });
      const data = await response.json();
      if (!response.ok) throw new Error(data && data.error ? String(data.error.message) : 'HTTP ' + response.status);
      const alerts = (data.alerts || []).slice().reverse();
      const fresh = alerts.filter((a) => String(a.time) > seen);
      alertsList.replaceChildren(...alerts.map((a) => alertCard(a, String(a.time) > seen)));
      alertsStatus.textContent = fresh.length + ' new since your last visit, ' + alerts.length + ' in all.';
      if (alerts.length) localStorage.setItem(key, alerts.map((a) => String(a.time)).reduce((x, y) => (x > y ? x : y)));
    } catch (error) {
      alertsList.replaceChildren();
      alertsStatus.textContent = 'Could not load the alerts: ' + error.message;
    }
  });
  document.body.dataset.state = 'ready';
}());
"""#
}
