"""`stance report`: one self-contained HTML page (figures embedded), plus PNGs and CSVs beside it."""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from stance import __version__
from stance.reporting import figures
from stance.reporting.tables import (
    Scores,
    affiliation_label_table,
    cell_examples,
    load_scores,
    support_by_target,
    top_speakers,
    weekly_timeline,
)


@dataclass(frozen=True)
class Report:
    """What was written, for callers and tests."""

    out_dir: Path
    index: Path
    figures: tuple[Path, ...]
    tables: tuple[Path, ...]
    quotes: int
    problems: int


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#111}
h1{margin-bottom:.2em} .meta{color:#444;margin-top:0} table{border-collapse:collapse;font-size:.85em;margin:.5em 0 1.5em;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top} th{background:#eee}
figure{margin:1em 0} figure img{max-width:100%;height:auto;border:1px solid #ddd} figcaption{color:#444;font-size:.9em}
details{margin:.2em 0} summary{cursor:pointer} .note{background:#f6f6f6;border-left:4px solid #888;padding:.5em 1em}
"""

# Reports load problems to the page itself, so a headless browser can check them (data-* on <body>).
_JS = """
window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message||e));},true);
window.addEventListener('load',function(){var imgs=document.querySelectorAll('img.figure');var ok=0,bad=0;
imgs.forEach(function(i){if(i.complete&&i.naturalWidth>0){ok++}else{bad++}});
document.body.setAttribute('data-figures',String(imgs.length));document.body.setAttribute('data-figures-loaded',String(ok));
document.body.setAttribute('data-figures-broken',String(bad));document.body.setAttribute('data-errors',String(window.__errors.length));
document.body.setAttribute('data-status',bad===0&&window.__errors.length===0?'ok':'error');});
"""


def _table_html(df: pd.DataFrame, float_format: str = "{:.0%}") -> str:
    if df.empty:
        return "<p><em>nothing to show</em></p>"
    fmt = {c: (lambda v, f=float_format: f.format(v)) for c in df.columns if df[c].dtype.kind == "f"}
    return df.to_html(index=False, escape=True, formatters=fmt, border=0, na_rep="")


def _figure_html(path: Path, caption: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<figure><img class="figure" alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(caption)} (<a href=\"{path.name}\">{path.name}</a>)</figcaption></figure>")


def _examples_html(examples: pd.DataFrame) -> str:
    if examples.empty:
        return "<p><em>nothing to show</em></p>"
    parts = []
    for (aff, lab), grp in examples.groupby(["affiliation", "label"], sort=True):
        items = "".join(
            f"<li><q>{html.escape(str(r.text))}</q> — {html.escape(str(r.speaker))} "
            f"<small>(doc {html.escape(str(r.doc_id))}, chars {r.start}–{r.end})</small></li>"
            for r in grp.itertuples()
        )
        parts.append(f"<details><summary>{html.escape(str(aff))} × {html.escape(lab)} ({len(grp)})</summary><ul>{items}</ul></details>")
    return "\n".join(parts)


def build_report(scores: str | Path | Scores, out_dir: str | Path, *, top_n: int = 20, examples_per_cell: int = 3) -> Report:
    """Write DIR/index.html, figure PNGs and table CSVs for a `stance score` output."""
    s = scores if isinstance(scores, Scores) else load_scores(scores)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    q = s.quotes
    tables = {
        "affiliation_labels": affiliation_label_table(q),
        "weekly_timeline": weekly_timeline(q),
        "support_by_target": support_by_target(q),
        "top_speakers": top_speakers(q, n=top_n),
        "cell_examples": cell_examples(q, per_cell=examples_per_cell),
        "problems": s.problems,
    }
    table_paths = []
    for name, df in tables.items():
        p = out / f"{name}.csv"
        df.to_csv(p, index=False)
        table_paths.append(p)

    figs: list[tuple[Path, str]] = []
    if not tables["affiliation_labels"].empty:
        figs.append((figures.heatmap_figure(tables["affiliation_labels"], out / "heatmap_affiliation_label.png"),
                     "Share of each affiliation's quotes with each label (counts in brackets)"))
    if not tables["weekly_timeline"].empty:
        figs.append((figures.timeline_figure(tables["weekly_timeline"], out / "timeline_weekly.png"), "Quotes per week with each label"))
    if not tables["support_by_target"].empty:
        figs.append((figures.support_figure(tables["support_by_target"], out / "support_by_target.png"),
                     "Support-for-party quotes per affiliation, by the party whose side is taken"))
    if not tables["top_speakers"].empty:
        figs.append((figures.speakers_figure(tables["top_speakers"], out / "top_speakers.png"), "Label profile of the most quoted speakers"))
    fig_html = {p.name: _figure_html(p, c) for p, c in figs}

    docs = s.documents if s.documents is not None else (q["doc_id"].nunique() if not q.empty else 0)
    model = ", ".join(s.models) if s.models else "unknown"
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body: list[str] = [
        "<h1>Who stands where</h1>",
        f'<p class="meta">Model: <b>{html.escape(model)}</b> · stance {__version__} · corpus: {docs} documents, '
        f"{len(q)} quotes · source: {html.escape(Path(s.source).name)} · generated {now}</p>",
        '<p class="note">The labels describe what the quoted statements say, as read by a model; '
        "they judge no person or country. Check examples before citing a figure.</p>",
    ]
    if q.empty:
        body.append('<p class="note" id="empty">There is nothing to show: the scores file holds no usable quotes.</p>')
    else:
        body += ["<h2>Affiliation × stance</h2>", fig_html.get("heatmap_affiliation_label.png", ""),
                 _table_html(tables["affiliation_labels"])]
        body += ["<h2>Week by week</h2>",
                 fig_html.get("timeline_weekly.png", "<p><em>No dated quotes: no timeline.</em></p>")]
        body += ["<h2>Whose side</h2>",
                 fig_html.get("support_by_target.png", "<p><em>No support-for-party quotes.</em></p>"),
                 _table_html(tables["support_by_target"])]
        body += ["<h2>Top speakers</h2>", fig_html.get("top_speakers.png", ""), _table_html(tables["top_speakers"])]
        body += ["<h2>Examples per cell</h2>", _examples_html(tables["cell_examples"])]
    body.append(f"<h2>Rows not used ({len(s.problems)})</h2>")
    if s.problems.empty:
        body.append("<p>Every row of the scores file was used.</p>")
    else:
        counts = s.problems.groupby("reason").size().reset_index(name="rows")
        body += [_table_html(counts), "<details><summary>All rows not used</summary>", _table_html(s.problems.head(1000)), "</details>"]
    page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>stance report</title>"
            f"<style>{_CSS}</style><script>{_JS}</script></head><body>" + "\n".join(body) + "</body></html>")
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return Report(out, index, tuple(p for p, _ in figs), tuple(table_paths), len(q), len(s.problems))
