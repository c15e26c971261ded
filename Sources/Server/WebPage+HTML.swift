extension WebPage {
    /// The document at `GET /`: the form, the filters and the empty result list; `/app.css` styles it and `/app.js` drives it.
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>JobMatch: jobs for your CV</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header class="top">
  <h1>JobMatch</h1>
  <p>Paste your CV and see the jobs that fit it best, and tell us what you think of each one.
     Hiring? <a href="/recruit">Find candidates for a job</a>.</p>
</header>
<main>
  <form id="match-form" novalidate>
    <label class="field-label" for="cv">Your CV</label>
    <textarea id="cv" name="cv" rows="9" maxlength="100000" spellcheck="false"
      placeholder="Paste your CV here: experience, skills, education…"></textarea>
    <div class="file-row">
      <label for="cv-file">…or upload your CV file (PDF, Word .docx or .txt)</label>
      <input id="cv-file" type="file" accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain">
    </div>
    <fieldset class="filters">
      <legend>Filters</legend>
      <label>Country
        <input id="country" list="countries" autocomplete="off" placeholder="Any country">
      </label>
      <datalist id="countries">
        <option value="United States"></option>
        <option value="United Kingdom"></option>
        <option value="Canada"></option>
        <option value="Australia"></option>
        <option value="Germany"></option>
        <option value="France"></option>
        <option value="Mexico"></option>
        <option value="India"></option>
      </datalist>
      <label>Level
        <select id="level">
          <option value="">Any level</option>
          <option value="Associate">Associate</option>
          <option value="Mid senior">Mid senior</option>
        </select>
      </label>
      <label class="check"><input id="remote" type="checkbox"> Remote only</label>
    </fieldset>
    <label class="check consent"><input id="keep-text" type="checkbox"> Keep my CV's text with my reactions so they
      can train the next model. Off: only a fingerprint of the text is stored, and your reactions are
      counted but do not reach training. Kept text stays in this server's feedback database until
      its operator deletes it.</label>
    <details id="token-box">
      <summary>API token</summary>
      <label>Token <input id="token" type="password" autocomplete="off"></label>
      <p class="hint">Only needed when the server runs with <code>--token</code>.</p>
    </details>
    <button id="submit" type="submit">Find jobs</button>
  </form>
  <p id="status" role="status" aria-live="polite"></p>
  <ol id="results" class="results"></ol>
  <section id="alerts-box" class="alerts" aria-labelledby="alerts-title">
    <h2 id="alerts-title">Your alerts</h2>
    <p class="hint">New postings that match a CV whose owner asked to be alerted (<code>jobmatch alerts add</code> or <code>POST /alerts</code>).</p>
    <form id="alerts-form" novalidate>
      <label>CV id <input id="alerts-cv" autocomplete="off" maxlength="200" placeholder="cv-000001"></label>
      <button id="alerts-show" type="submit">Show my alerts</button>
    </form>
    <p id="alerts-status" role="status" aria-live="polite"></p>
    <ol id="alerts-list" class="results"></ol>
  </section>
</main>
<footer>
  <p>Scores: <b>similarity</b> is the bi-encoder's cosine similarity between your CV and the job; <b>rerank</b> is the cross-encoder's score when a reranker is installed. The API is described at <a href="/openapi.json">/openapi.json</a>.</p>
</footer>
</body>
</html>
"""#

    /// The icon at `GET /favicon.svg` (so browsers do not ask for a missing `/favicon.ico`).
    static let favicon = #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2456d6"/><path d="M9 17l5 5 9-11" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>
"""#
}
