extension WebPage {
    /// The stylesheet at `GET /app.css`: one column on a phone, filters in a row from 640 px.
    static let css = #"""
:root {
  --ink: #1d2433; --muted: #5b6476; --line: #d9dee8; --bg: #f4f6fa; --card: #fff;
  --accent: #2456d6; --accent-ink: #fff; --good: #0f6b3c; --good-bg: #d9f2e3; --gap-bg: #f1f2f5; --bad: #b3261e;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--bg); }
.top, main, footer { max-width: 860px; margin: 0 auto; padding: 0 16px; }
.top { padding-top: 20px; }
.top h1 { margin: 0 0 4px; font-size: 1.6rem; color: var(--accent); }
.top p { margin: 0 0 16px; color: var(--muted); }
form { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px; }
.field-label { display: block; font-weight: 600; margin-bottom: 6px; }
textarea { width: 100%; min-height: 10em; resize: vertical; padding: 10px; border: 1px solid var(--line); border-radius: 8px; font: inherit; font-size: 0.95rem; }
textarea:focus, input:focus, select:focus, button:focus-visible, summary:focus-visible { outline: 3px solid #9db7f5; outline-offset: 1px; }
.file-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0 12px; color: var(--muted); font-size: 0.92rem; }
.file-row input { max-width: 100%; }
.filters { border: 0; padding: 0; margin: 0 0 12px; display: grid; grid-template-columns: 1fr; gap: 10px; }
.filters legend { font-weight: 600; padding: 0; margin-bottom: 6px; }
.filters label { display: flex; flex-direction: column; gap: 4px; font-size: 0.92rem; color: var(--muted); }
.filters input:not([type=checkbox]), .filters select, #token, #job-id { height: 42px; font: inherit; color: var(--ink); padding: 8px; border: 1px solid var(--line); border-radius: 8px; background: #fff; width: 100%; }
.filters label.check { flex-direction: row; align-items: center; gap: 8px; color: var(--ink); }
.filters label.check input { width: 20px; height: 20px; }
label.consent { display: flex; gap: 8px; align-items: flex-start; margin: 12px 0; font-size: 0.92rem; color: var(--muted, #555); }
label.consent input { width: 18px; height: 18px; margin-top: 2px; flex: none; }
details { margin: 0 0 12px; font-size: 0.92rem; color: var(--muted); }
details label { display: flex; flex-direction: column; gap: 4px; margin-top: 6px; }
.hint { margin: 4px 0 0; }
button { font: inherit; cursor: pointer; border-radius: 8px; }
#submit { width: 100%; padding: 12px; border: 0; background: var(--accent); color: var(--accent-ink); font-weight: 600; font-size: 1.05rem; }
#submit:disabled { opacity: 0.6; cursor: progress; }
#status { min-height: 1.5em; margin: 14px 2px; color: var(--muted); }
#status.error { color: var(--bad); font-weight: 600; }
.results { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; }
.card-head { display: flex; gap: 10px; align-items: baseline; }
.rank { flex: none; min-width: 1.9em; height: 1.9em; border-radius: 50%; background: var(--accent); color: var(--accent-ink); display: inline-flex; align-items: center; justify-content: center; font-weight: 700; font-size: 0.9rem; }
.card h2 { margin: 0; font-size: 1.12rem; line-height: 1.3; overflow-wrap: anywhere; }
.meta { margin: 4px 0 8px; color: var(--muted); overflow-wrap: anywhere; }
.scores { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 0 0 8px; font-size: 0.9rem; }
.scores b { font-variant-numeric: tabular-nums; }
.skills { margin: 6px 0; font-size: 0.9rem; }
.skills-label { display: block; color: var(--muted); margin-bottom: 4px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
.chip { padding: 2px 10px; border-radius: 999px; background: var(--gap-bg); color: var(--ink); overflow-wrap: anywhere; }
.chip.matched { background: var(--good-bg); color: var(--good); font-weight: 600; }
.none { color: var(--muted); font-style: italic; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; align-items: center; }
.actions button { padding: 8px 14px; min-height: 40px; border: 1px solid var(--line); background: #fff; color: var(--ink); }
.actions button[aria-pressed=true] { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
.actions button:disabled { cursor: default; }
.note { font-size: 0.88rem; color: var(--muted); }
.note.error { color: var(--bad); }
footer { color: var(--muted); font-size: 0.85rem; padding-top: 8px; padding-bottom: 28px; }
.alerts { margin-top: 28px; }
.alerts form { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; }
.badge { background: var(--accent); color: #fff; border-radius: 6px; padding: 1px 8px; font-size: 0.8rem; margin-right: 8px; }
footer a { color: var(--accent); }
@media (min-width: 640px) {
  .top h1 { font-size: 2rem; }
  .filters { grid-template-columns: 1fr 1fr auto; align-items: end; }
  .filters legend { grid-column: 1 / -1; }
  .filters label.check { padding-bottom: 10px; }
  #submit { width: auto; padding: 10px 28px; }
}
"""#
}
