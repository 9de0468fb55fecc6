// The page's own style and script, inline: index.html is one file, opened from a CI artefact
// or a laptop without a server or a network.

export const STYLE = `
:root { --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --stop:#8250df; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --run:#0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { padding: 20px 28px; border-bottom: 1px solid var(--line); display: flex; gap: 12px 24px; align-items: center; flex-wrap: wrap; }
h1 { font-size: 20px; margin: 0; } h2 { font-size: 17px; margin: 28px 0 12px; }
main { padding: 0 28px 40px; max-width: 1200px; }
.meta { color: var(--muted); font-size: 13px; }
.badge { padding: 4px 12px; border-radius: 999px; font-weight: 600; color: #fff; }
.held { --tone: var(--ok); } .violated { --tone: var(--bad); } .error { --tone: var(--warn); } .interrupted { --tone: var(--stop); }
.skipped, .incomplete { --tone: var(--muted); } .running { --tone: var(--run); }
.badge, .pill { background: var(--tone); }
.toolbar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 16px 0 4px; }
.toolbar button { font: inherit; font-size: 13px; border: 1px solid var(--line); background: #fff; border-radius: 999px; padding: 2px 12px; cursor: pointer; }
.toolbar button[aria-pressed="true"] { background: #1f2328; color: #fff; border-color: #1f2328; }
.toolbar input { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px; margin-left: auto; min-width: 220px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; }
.card { display: block; color: inherit; text-decoration: none; border: 1px solid var(--line); border-left: 6px solid var(--tone); border-radius: 8px; padding: 10px 12px; background: #fff; }
a.card:hover { box-shadow: 0 1px 6px rgba(31,35,40,.15); } .card.violated { background: #fff5f5; } .card.error { background: #fff8e6; }
.card .id { font-family: ui-monospace, monospace; font-weight: 600; } .card .title, .card .why { font-size: 13px; color: var(--muted); margin: 4px 0; }
.pill { font-size: 12px; padding: 1px 8px; border-radius: 999px; color: #fff; }
.progress { height: 4px; background: var(--bg); border-radius: 2px; margin-top: 8px; overflow: hidden; } .progress span { display: block; height: 100%; background: var(--tone); }
details.failure { border: 1px solid var(--bad); border-radius: 8px; margin: 10px 0; background: #fff; }
details.failure > summary { cursor: pointer; padding: 10px 14px; list-style-position: inside; }
details.failure > summary code { font-weight: 600; } details.failure .message { color: var(--bad); font-weight: 600; }
details.failure > .body { padding: 0 16px 14px; border-top: 1px solid var(--line); }
details.failure:target, details.failure.focus { box-shadow: 0 0 0 3px rgba(207,34,46,.25); }
blockquote { margin: 8px 0; padding: 4px 12px; border-left: 3px solid var(--line); color: var(--muted); }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow-x: auto; font-size: 12.5px; margin: 6px 0; }
.copyable { position: relative; } .copyable pre, .copyable code.line { padding-right: 70px; }
code.line { display: block; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; word-break: break-all; font-size: 12.5px; }
pre.curl { background: #0d1117; color: #e6edf3; white-space: pre-wrap; word-break: break-all; }
button.copy { position: absolute; top: 6px; right: 6px; font-size: 12px; border: 1px solid var(--line); border-radius: 6px; background: #fff; padding: 2px 8px; cursor: pointer; }
code { font-family: ui-monospace, monospace; }
table { border-collapse: collapse; font-size: 13px; } td, th { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; }
[hidden] { display: none !important; }
`;

/** Filters, copy buttons, and a card's link opening the failure it points at. */
export const SCRIPT = `
const filters = { verdict: 'all', text: '' };
function applyFilters() {
  for (const el of document.querySelectorAll('[data-invariant][data-verdict]')) {
    const verdictOk = filters.verdict === 'all' || el.dataset.verdict === filters.verdict;
    const textOk = !filters.text || el.dataset.invariant.includes(filters.text);
    el.hidden = !(verdictOk && textOk);
  }
}
for (const button of document.querySelectorAll('.toolbar button[data-filter]')) {
  button.addEventListener('click', () => {
    filters.verdict = button.dataset.filter;
    for (const other of document.querySelectorAll('.toolbar button[data-filter]')) other.setAttribute('aria-pressed', String(other === button));
    applyFilters();
  });
}
document.querySelector('.toolbar input')?.addEventListener('input', (event) => {
  filters.text = event.target.value.trim().toLowerCase();
  applyFilters();
});
for (const button of document.querySelectorAll('button.copy')) {
  button.addEventListener('click', () => {
    const text = button.parentElement.querySelector('[data-copyable]').textContent;
    const done = (label) => { button.textContent = label; setTimeout(() => (button.textContent = 'copy'), 1500); };
    (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard')))
      .then(() => done('copied'), () => {
        getSelection().selectAllChildren(button.parentElement.querySelector('[data-copyable]'));
        done('selected');
      });
  });
}
function openTarget() {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!(target instanceof HTMLDetailsElement)) return;
  target.hidden = false;
  target.open = true;
  target.scrollIntoView({ block: 'start' });
}
addEventListener('hashchange', openTarget);
openTarget();
`;
