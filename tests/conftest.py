"""Shared test set-up: offline Hugging Face, capped threads, an isolated STANCE_HOME, and one tiny
stance model trained once per session (configs/tiny.yaml on a slice of the gold corpus) that the
model, inference and scoring tests all reuse."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports torch or transformers: no network, one thread (2 cores, many users).
for _k, _v in {
    "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "STANCE_NUM_THREADS": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
}.items():
    os.environ.setdefault(_k, _v)

REPO = Path(__file__).resolve().parents[1]
#: Tests never read or write the user's models.
_TEST_HOME = tempfile.mkdtemp(prefix="stance-test-home-")
os.environ["STANCE_HOME"] = _TEST_HOME


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_TEST_HOME, ignore_errors=True)


def _cap_torch_threads() -> None:
    import torch

    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def gold_path() -> Path:
    """The compiled gold corpus (part of the repository), or a skip when it has not been built."""
    p = REPO / "data" / "gold" / "corpus.jsonl"
    if not p.is_file() or p.stat().st_size == 0:
        pytest.skip("data/gold/corpus.jsonl is missing: run `stance data build gold`")
    return p


@pytest.fixture(scope="session")
def tiny_config(gold_path: Path):
    """configs/tiny.yaml with absolute data paths (tests may run from any directory)."""
    from stance.training.config import load_config

    splits = REPO / "data" / "gold" / "splits.json"
    overrides = [f"data.gold={gold_path}", f"data.splits={splits if splits.is_file() else 'null'}", "training.progress=false"]
    return load_config(REPO / "configs" / "tiny.yaml", overrides)


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny stance model directory, trained once per session (a few seconds). Read-only: copy
    it before changing anything inside."""
    from stance.training.train import train

    _cap_torch_threads()
    out = tmp_path_factory.mktemp("tiny-model") / "model"
    train(tiny_config, output_dir=out)
    return out


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir: Path):
    """The tiny model loaded once (torch backend)."""
    from stance.model import load

    return load(tiny_model_dir)


@pytest.fixture
def tiny_default_home(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A STANCE_HOME whose default model is the tiny one, so `stance.load()` / `stance.predict(...)`
    without a model work; returns the STANCE_HOME path."""
    home = tmp_path / "stance_home"
    shutil.copytree(tiny_model_dir, home / "models" / "default")
    monkeypatch.setenv("STANCE_HOME", str(home))
    return home


# -- the learned attribution tagger (stance.extraction.learned) -----------------------------------

TAGGER_DOCS = [
    "Lena Brand said the ferry service would resume in May. Officials told reporters that fares would not rise.",
    "The ministry said in a statement that the border crossing was open. Aid groups warned the roads were unsafe.",
    "Paul Okafor told the council the budget was balanced, although reserves were thin.",
    "According to the agency, the harvest was smaller than last year. The mayor said nothing more.",
]


def _doc(i: int, text: str) -> tuple[str, str, list[tuple[str, int, int]]]:
    """A training document for the tiny tagger: cues and reported clauses found by pattern."""
    parts = []
    for m in re.finditer(r"(said in a statement that|said|told reporters that|told the council|warned|According to) ", text):
        parts.append(("CUE", m.start(1), m.end(1)))
    for m in re.finditer(r"(?:that |said |warned |council )([a-z][^.,]+)", text):
        parts.append(("CONTENT", m.start(1), m.end(1)))
    return (f"doc{i}", text, sorted(parts, key=lambda p: p[0] != "CONTENT"))


@pytest.fixture(scope="session")
def tiny_tagger_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny attribution tagger (random BERT, a few steps), trained once per session."""
    docs = [_doc(i, t) for i, t in enumerate(TAGGER_DOCS * 5)]
    docs = [(f"{n}-{k}", t, p) for k, (n, t, p) in enumerate(docs)]
    from stance.extraction.learned import TaggerConfig, train_tagger

    cfg = TaggerConfig(encoder="tiny-random-bert", epochs=1, batch_size=4, max_length=32, stride=8,
                       tune_fraction=0.2, progress=False, policy={"add": True, "extend": True})
    tagger, meta = train_tagger(cfg, docs)
    out = tmp_path_factory.mktemp("tagger") / "tiny"
    tagger.save(out)
    return out
