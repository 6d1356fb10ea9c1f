"""The report: tables checked against counts computed independently, and the page in a real browser."""
from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest

from stance.labels import LABELS
from stance.reporting import (
    affiliation_label_table,
    build_report,
    load_scores,
    support_by_target,
    top_speakers,
    weekly_timeline,
)

SPEAKERS = [("Sameh Shoukry", "EGY"), ("Antony Blinken", "USA"), ("Wang Yi", "CHN"), ("Sergei Lavrov", "RUS"),
            ("Majed al-Ansari", "QAT"), ("Josep Borrell", "EU"), ("Zhai Jun and Mikhail Bogdanov", "CHN;RUS")]


def _rows(n: int = 120, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        speaker, aff = rng.choice(SPEAKERS)
        labels = [lab for lab in LABELS if rng.random() < 0.3]
        target = rng.choice(["israel", "palestine"]) if "support-for-party" in labels else None
        day = 1 + rng.randrange(60)
        rows.append({
            "doc_id": f"doc-{i // 4}", "date": f"2023-{10 + (day - 1) // 30:02d}-{(day - 1) % 30 + 1:02d}",
            "start": 10 * i, "end": 10 * i + 8, "text": f"statement number {i}", "kind": "direct",
            "speaker": speaker, "actor": speaker, "affiliation": aff, "source": None,
            "labels": labels, "scores": {lab: 0.9 if lab in labels else 0.1 for lab in LABELS},
            "target": target, "model": "stance-test@0000",
        })
    return rows


@pytest.fixture()
def scores_file(tmp_path: Path) -> tuple[Path, list[dict]]:
    rows = _rows()
    path = tmp_path / "scores.jsonl"
    bad = ['{"doc_id": "x", "text": "t", "labels": ["pro-war"]}', "{not json", '{"text": "no id", "labels": []}']
    with path.open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
        for b in bad:
            f.write(b + "\n")
    return path, rows


def test_tables_match_independent_counts(scores_file):
    path, rows = scores_file
    s = load_scores(path)
    assert len(s.quotes) == len(rows)
    assert len(s.problems) == 3
    assert set(s.problems["reason"].str.split(":").str[0]) >= {"unknown label(s)", "invalid JSON", "missing field"}

    n_aff: Counter = Counter()
    n_lab: Counter = Counter()
    for r in rows:
        for a in r["affiliation"].split(";"):
            n_aff[a] += 1
            for lab in r["labels"]:
                n_lab[(a, lab)] += 1
    table = affiliation_label_table(s.quotes).set_index("affiliation")
    assert dict(table["quotes"]) == dict(n_aff)
    for (a, lab), n in n_lab.items():
        assert table.loc[a, f"n_{lab}"] == n
        assert table.loc[a, f"share_{lab}"] == pytest.approx(n / n_aff[a])

    sup: Counter = Counter()
    for r in rows:
        if r["target"]:
            for a in r["affiliation"].split(";"):
                sup[(a, r["target"])] += 1
    st = support_by_target(s.quotes).set_index("affiliation")
    for (a, t), n in sup.items():
        assert st.loc[a, t] == n
    assert int(st.to_numpy().sum()) == sum(sup.values())

    weeks: dict = defaultdict(Counter)
    for r in rows:
        d = pd.Timestamp(r["date"])
        monday = (d - pd.Timedelta(days=d.weekday())).normalize()
        weeks[monday]["quotes"] += 1
        for lab in r["labels"]:
            weeks[monday][lab] += 1
    wt = weekly_timeline(s.quotes).set_index("week")
    assert len(wt) == len(weeks)
    for w, c in weeks.items():
        assert wt.loc[w, "quotes"] == c["quotes"]
        for lab in LABELS:
            assert wt.loc[w, lab] == c[lab]

    spk = top_speakers(s.quotes, n=3)
    by_speaker = Counter(r["speaker"] for r in rows)
    assert list(spk["quotes"]) == sorted(by_speaker.values(), reverse=True)[:3]


def test_report_files_and_page(scores_file, tmp_path):
    path, rows = scores_file
    rep = build_report(path, tmp_path / "rep")
    assert rep.quotes == len(rows) and rep.problems == 3
    assert {p.name for p in rep.figures} == {"heatmap_affiliation_label.png", "timeline_weekly.png", "support_by_target.png", "top_speakers.png"}
    for p in rep.figures:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = rep.index.read_text()
    assert page.count('class="figure"') == 4
    assert "stance-test@0000" in page and "Rows not used (3)" in page
    assert "http://" not in page and "https://" not in page  # self-contained
    csv = pd.read_csv(tmp_path / "rep" / "affiliation_labels.csv")
    assert csv["quotes"].sum() == sum(len(r["affiliation"].split(";")) for r in rows)


def test_empty_scores_says_nothing_to_show(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    rep = build_report(path, tmp_path / "rep")
    assert rep.quotes == 0 and rep.figures == ()
    assert "nothing to show" in rep.index.read_text()


def test_parquet_input(scores_file, tmp_path):
    _, rows = scores_file
    p = tmp_path / "scores.parquet"
    pd.DataFrame(rows).to_parquet(p)
    s = load_scores(p)
    assert len(s.quotes) == len(rows) and s.problems.empty


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def test_page_renders_in_headless_chromium(scores_file, tmp_path):
    exe = _chromium()
    if exe is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium); .ci/run installs it")
    path, _ = scores_file
    rep = build_report(path, tmp_path / "rep")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'chrome'}", "--virtual-time-budget=5000", "--dump-dom", rep.index.as_uri()]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    body = re.search(r"<body([^>]*)>", out.stdout)
    assert body, f"no page dumped; stderr: {out.stderr[-2000:]}"
    attrs = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', body.group(1)))
    assert attrs.get("data-status") == "ok", attrs
    assert attrs["data-figures"] == attrs["data-figures-loaded"] == "4"
    assert attrs["data-errors"] == "0"
