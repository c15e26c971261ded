extension WebPage {
    /// The helpers both pages' scripts open with, spliced into each (one copy in the source, no
    /// extra request): `$`, `setStatus` (the `#status` line), `el` (an element with `textContent`
    /// only) and `post` (JSON to the API, with the `#token` field's bearer token; throws the API's
    /// error message with its status).
    static let sharedScript = #"""

  const $ = (id) => document.getElementById(id);

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function post(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    const token = $('token').value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const message = data && data.error && typeof data.error.message === 'string' ? data.error.message : 'HTTP ' + response.status;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function chips(label, names, matched, none) {
    const box = el('div', 'skills');
    box.appendChild(el('span', 'skills-label', label));
    if (!names.length) {
      box.appendChild(el('span', 'none', none));
      return box;
    }
    const ul = el('ul', 'chips');
    for (const name of names) ul.appendChild(el('li', matched ? 'chip matched' : 'chip', String(name)));
    box.appendChild(ul);
    return box;
  }

  // A result's skill evidence in `words` {shows, showsNone, lacks, lacksNone, noSkills}: the skills
  // both name and the ones lacking. Both lists empty: the posting names no skill we recognise (the
  // real LinkedIn samples carry a title only), so neither "none found" nor "every skill listed"
  // would be true, and the card says that instead.
  function explain(li, item, words) {
    const matched = (item.matched_skills || []).map((s) => s.name), missing = (item.missing_skills || []).map((s) => s.name);
    if (!matched.length && !missing.length) {
      const box = el('div', 'skills');
      box.appendChild(el('span', 'none', words.noSkills));
      li.appendChild(box);
      return;
    }
    li.appendChild(chips(words.shows, matched, true, words.showsNone));
    li.appendChild(chips(words.lacks, missing, false, words.lacksNone));
  }

"""#
}
