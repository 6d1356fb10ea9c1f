"""Figures of the report. Greyscale-safe: a sequential colour map that darkens monotonically,
and line styles/markers/hatches that tell series apart without colour."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from stance.labels import LABELS

CMAP = "Greys"  # prints the same in grey; text colour flips on dark cells
_STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D")]
_HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _heatmap(ax, values, counts, rows, cols) -> None:
    im = ax.imshow(values, cmap=CMAP, vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(range(len(cols)), labels=cols, rotation=20, ha="right")
    ax.set_yticks(range(len(rows)), labels=rows)
    for i in range(len(rows)):
        for j in range(len(cols)):
            v = values[i][j]
            text = f"{v:.0%}" if counts is None else f"{v:.0%}\n({counts[i][j]})"
            ax.text(j, i, text, ha="center", va="center", fontsize=7, color="white" if v > 0.55 else "black")
    return im


def heatmap_figure(table: pd.DataFrame, path: Path, max_rows: int = 30) -> Path:
    """Affiliation × label: share of each affiliation's quotes carrying each label, with counts."""
    plt = _plt()
    t = table.head(max_rows)
    rows = [f"{a} (n={n})" for a, n in zip(t["affiliation"], t["quotes"])]
    values = t[[f"share_{lab}" for lab in LABELS]].to_numpy(dtype=float)
    counts = t[[f"n_{lab}" for lab in LABELS]].to_numpy(dtype=int)
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.42 * max(len(rows), 1)))
    im = _heatmap(ax, values, counts, rows, list(LABELS))
    fig.colorbar(im, ax=ax, label="share of the affiliation's quotes", fraction=0.04)
    ax.set_title("Who stands where: share of quotes with each stance")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def timeline_figure(weekly: pd.DataFrame, path: Path) -> Path:
    """Quotes per week carrying each label."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for (ls, marker), lab in zip(_STYLES, LABELS):
        ax.plot(weekly["week"], weekly[lab], linestyle=ls, marker=marker, color="black", markersize=4, label=lab)
    ax.set_ylabel("quotes per week")
    ax.set_title("Stances week by week")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def support_figure(support: pd.DataFrame, path: Path, max_rows: int = 25) -> Path:
    """Support-for-party quotes per affiliation, stacked by the party whose side is taken."""
    plt = _plt()
    t = support.head(max_rows).iloc[::-1]
    targets = [c for c in t.columns if c != "affiliation"]
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.35 * max(len(t), 1)))
    left = None
    greys = [str(0.15 + 0.7 * i / max(len(targets) - 1, 1)) for i in range(len(targets))]
    for k, tgt in enumerate(targets):
        vals = t[tgt].to_numpy()
        ax.barh(t["affiliation"], vals, left=left, color=greys[k], edgecolor="black", hatch=_HATCHES[k % len(_HATCHES)], label=tgt)
        left = vals if left is None else left + vals
    ax.set_xlabel("support-for-party quotes")
    ax.set_title("Whose side: support-for-party by target")
    ax.legend(title="target", fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def speakers_figure(speakers: pd.DataFrame, path: Path) -> Path:
    """Label profile of the most quoted speakers."""
    plt = _plt()
    rows = [f"{s} [{a}] (n={n})" for s, a, n in zip(speakers["speaker"], speakers["affiliation"], speakers["quotes"])]
    values = speakers[list(LABELS)].to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.42 * max(len(rows), 1)))
    im = _heatmap(ax, values, None, rows, list(LABELS))
    fig.colorbar(im, ax=ax, label="share of the speaker's quotes", fraction=0.04)
    ax.set_title("Top speakers and their stance profile")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
