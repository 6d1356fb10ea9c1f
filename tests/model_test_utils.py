"""A reusable model test (after flair's ``tests/model_test_utils.py``): train → save → load →
predict, the same outputs after a reload, and the saved directory readable by plain transformers.

Subclass ``BaseStanceModelTest`` and provide a class-scoped ``model_dir`` fixture (a trained,
saved model); every check below then runs against that model.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stance.labels import LABELS, TARGETS

#: Invented sentences (never from ../shared): a call for a truce, aid, talks, a side, and none.
PROBE_QUOTES = [
    "We call on all parties to agree an immediate and lasting truce.",
    "Food, water and medicine must reach the families trapped in the city.",
    "Our envoy will host both delegations for talks next week.",
    "We stand with our ally and its right to defend itself.",
    "The meeting will start at ten in the morning.",
    "",
]
PROBE_CONTEXTS = ["The minister said the fighting had to stop.", None, "Talks resume on Monday.", None, None, None]
PROBE_SPEAKERS = ["Foreign minister", "Aid agency", None, "Government spokesman", None, None]


class BaseStanceModelTest:
    """Checks every saved stance model must pass; subclasses supply ``model_dir``."""

    atol = 1e-5

    @pytest.fixture(scope="class")
    def model_dir(self) -> Path:  # pragma: no cover - overridden
        raise NotImplementedError("subclasses provide a trained model directory")

    @pytest.fixture(scope="class")
    def loaded(self, model_dir: Path):
        from stance.model import load

        return load(model_dir)

    def test_directory_is_a_standard_hf_model(self, model_dir: Path) -> None:
        names = {p.name for p in model_dir.iterdir()}
        assert {"config.json", "model.safetensors", "target_head.safetensors", "stance.json", "tokenizer_config.json"} <= names
        assert not any(n.endswith((".bin", ".pt", ".pkl", ".pickle")) for n in names), names
        config = json.loads((model_dir / "config.json").read_text())
        assert config["problem_type"] == "multi_label_classification"
        assert [config["id2label"][str(i)] for i in range(len(LABELS))] == list(LABELS)
        meta = json.loads((model_dir / "stance.json").read_text())
        assert meta["labels"] == list(LABELS) and meta["targets"] == list(TARGETS)
        assert set(meta["thresholds"]) == set(LABELS) and meta["temperature"] > 0
        for key in ("input_format", "max_length", "training_config", "data", "metrics", "library_version", "name"):
            assert key in meta, key
        assert len(meta["data"]["hash"]) == 64

    def test_predict_proba_shapes_and_ranges(self, loaded) -> None:
        lp, tp = loaded.predict_proba(PROBE_QUOTES, PROBE_CONTEXTS, PROBE_SPEAKERS)
        assert lp.shape == (len(PROBE_QUOTES), len(LABELS)) and tp.shape == (len(PROBE_QUOTES), len(TARGETS))
        assert np.all((lp >= 0) & (lp <= 1)) and np.allclose(tp.sum(1), 1.0, atol=1e-6)
        assert loaded.name.startswith("stance-") and "@" in loaded.name and loaded.name == loaded.meta["name"]
        assert loaded.thresholds.shape == (len(LABELS),)

    def test_same_outputs_after_reload_and_resave(self, loaded, model_dir: Path, tmp_path: Path) -> None:
        from stance.model import load

        before = loaded.predict_proba(PROBE_QUOTES, PROBE_CONTEXTS, PROBE_SPEAKERS)
        again = load(model_dir).predict_proba(PROBE_QUOTES, PROBE_CONTEXTS, PROBE_SPEAKERS)
        loaded.save_pretrained(tmp_path / "copy")
        copy = load(tmp_path / "copy")
        after = copy.predict_proba(PROBE_QUOTES, PROBE_CONTEXTS, PROBE_SPEAKERS)
        for a, b, c in zip(before, again, after):
            np.testing.assert_allclose(a, b, atol=self.atol)
            np.testing.assert_allclose(a, c, atol=self.atol)
        np.testing.assert_allclose(copy.thresholds, loaded.thresholds)
        assert copy.temperature == pytest.approx(loaded.temperature)
        np.testing.assert_allclose(copy.logit_bias, loaded.logit_bias)
        assert copy.name == loaded.name  # the name is the weights' hash, not the save time

    def test_plain_transformers_reads_it(self, loaded, model_dir: Path) -> None:
        import torch
        from transformers import AutoModelForSequenceClassification, pipeline

        auto = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True).eval()
        enc = loaded.tokenizer(PROBE_QUOTES[:3], padding=True, return_tensors="pt")
        with torch.inference_mode():
            auto_logits = auto(**enc).logits.numpy()
        ours, _ = loaded.logits(PROBE_QUOTES[:3])
        if loaded.meta.get("label_pooling", "cls") == "cls":  # the label head *is* the HF classifier
            np.testing.assert_allclose(auto_logits, ours, atol=1e-4)
        else:  # a mean-pooled label head lives in its own file, beside the encoder
            assert (model_dir / "label_head.safetensors").is_file() and auto_logits.shape == ours.shape
        pipe = pipeline("text-classification", model=str(model_dir), top_k=None, device=-1)
        out = pipe(PROBE_QUOTES[:2])
        assert [sorted(d["label"] for d in row) for row in out] == [sorted(LABELS)] * 2
