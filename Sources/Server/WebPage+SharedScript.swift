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

"""#
}
