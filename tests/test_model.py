"""The stance model: save/load contract, input building (no silent truncation), batching."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from model_test_utils import PROBE_CONTEXTS, PROBE_QUOTES, PROBE_SPEAKERS, BaseStanceModelTest
from stance.labels import LABELS, TARGETS


class TestTinyModel(BaseStanceModelTest):
    """The shared contract on the session's tiny model."""

    @pytest.fixture(scope="class")
    def model_dir(self, tiny_model_dir: Path) -> Path:
        return tiny_model_dir


class TestTinyMeanPooledModel(BaseStanceModelTest):
    """The same contract with the label head on mean-pooled states (model.label_pooling: mean)."""

    @pytest.fixture(scope="class")
    def model_dir(self, tiny_config, tmp_path_factory: pytest.TempPathFactory) -> Path:
        import dataclasses

        from stance.training.train import train

        cfg = dataclasses.replace(tiny_config, model=dataclasses.replace(tiny_config.model, label_pooling="mean"),
                                  training=dataclasses.replace(tiny_config.training, max_steps=6))
        out = tmp_path_factory.mktemp("tiny-mean") / "model"
        train(cfg, output_dir=out)
        return out

    def test_label_head_is_saved_beside_and_required(self, model_dir: Path, tmp_path: Path) -> None:
        import json
        import shutil

        from stance.model import ModelDirError, load

        assert json.loads((model_dir / "stance.json").read_text())["label_pooling"] == "mean"
        broken = tmp_path / "broken"
        shutil.copytree(model_dir, broken)
        (broken / "label_head.safetensors").unlink()
        with pytest.raises(ModelDirError, match="label_head.safetensors"):
            load(broken)


@pytest.mark.slow
class TestMiniLMModel(BaseStanceModelTest):
    """The same contract on a real MiniLM fine-tune (a few steps)."""

    @pytest.fixture(scope="class")
    def model_dir(self, tiny_config, tmp_path_factory: pytest.TempPathFactory) -> Path:
        import dataclasses

        from stance.training.train import train

        cfg = dataclasses.replace(
            tiny_config,
            model=dataclasses.replace(tiny_config.model, encoder="minilm", max_length=96),
            training=dataclasses.replace(tiny_config.training, max_steps=4, learning_rate=5e-5),
        )
        out = tmp_path_factory.mktemp("minilm") / "model"
        train(cfg, output_dir=out)
        return out


# ---------------------------------------------------------------- inputs
def test_long_quote_is_windowed_not_cut(tiny_model) -> None:
    words = [f"w{i}" for i in range(300)]
    quote = " ".join(words)
    feats = tiny_model.encode([quote, "short one"], ["some context here"] * 2, ["A speaker", None])
    stats = tiny_model.last_input_stats
    assert stats.quotes_windowed == 1 and stats.windowed_indices == [0]
    windows = [f for f in feats if f["index"] == 0]
    assert len(windows) > 1 and all(len(f["input_ids"]) <= tiny_model.max_length for f in feats)
    # every quote token appears in some window (nothing dropped)
    quote_ids = tiny_model.tokenizer(quote, add_special_tokens=False)["input_ids"]
    seen: set[int] = set()
    for f in windows:
        seen.update(f["input_ids"])
    assert set(quote_ids) <= seen
    assert [f["index"] for f in feats] == sorted(f["index"] for f in feats)


def test_context_is_truncated_before_the_quote(tiny_model) -> None:
    quote = "we call for a truce now"
    feats = tiny_model.encode([quote], ["filler " * 200], ["Speaker"])
    assert len(feats) == 1 and tiny_model.last_input_stats.context_truncated == 1
    ids = feats[0]["input_ids"]
    q_ids = tiny_model.tokenizer(quote, add_special_tokens=False)["input_ids"]
    assert ids[1 : 1 + len(q_ids)] == q_ids  # the quote is intact, first segment
    assert len(ids) == tiny_model.max_length and set(feats[0]["token_type_ids"]) == {0, 1}


def test_quote_and_context_are_separate_segments(tiny_model) -> None:
    f = tiny_model.encode(["hello"], ["the context"], ["Zhai Jun"])[0]
    sep = tiny_model.tokenizer.sep_token_id
    assert f["input_ids"].count(sep) == 2
    second = tiny_model.tokenizer.decode([t for t, tt in zip(f["input_ids"], f["token_type_ids"]) if tt == 1])
    assert "zhai jun | the context" in second.lower()


def test_windowed_logits_are_the_max_over_windows(tiny_model) -> None:
    quote = " ".join(["peace"] * 40 + ["talks"] * 40 + ["aid"] * 40)
    feats = tiny_model.encode([quote])
    assert len(feats) > 1
    whole, _ = tiny_model.logits([quote])
    per_window, _ = tiny_model.logits([tiny_model.tokenizer.decode(f["input_ids"], skip_special_tokens=True) for f in feats])
    np.testing.assert_allclose(whole[0], per_window.max(0), atol=1e-4)


# ---------------------------------------------------------------- batching
def test_order_and_batch_size_do_not_change_results(tiny_model) -> None:
    lp, tp = tiny_model.predict_proba(PROBE_QUOTES, PROBE_CONTEXTS, PROBE_SPEAKERS, batch_size=32)
    lp1, tp1 = tiny_model.predict_proba(PROBE_QUOTES, PROBE_CONTEXTS, PROBE_SPEAKERS, batch_size=1)
    np.testing.assert_allclose(lp, lp1, atol=1e-5)
    np.testing.assert_allclose(tp, tp1, atol=1e-5)
    perm = [3, 0, 5, 1, 4, 2]
    lpp, _ = tiny_model.predict_proba([PROBE_QUOTES[i] for i in perm], [PROBE_CONTEXTS[i] for i in perm],
                                      [PROBE_SPEAKERS[i] for i in perm], batch_size=2)
    np.testing.assert_allclose(lpp, lp[perm], atol=1e-5)


def test_empty_and_bad_input(tiny_model) -> None:
    lp, tp = tiny_model.predict_proba([])
    assert lp.shape == (0, len(LABELS)) and tp.shape == (0, len(TARGETS))
    with pytest.raises(TypeError, match="quotes"):
        tiny_model.predict_proba("a single string")
    with pytest.raises(TypeError, match=r"quotes\[1\]"):
        tiny_model.predict_proba(["ok", 3])
    with pytest.raises(ValueError, match="contexts has 1 items"):
        tiny_model.predict_proba(["a", "b"], ["only one"])
    with pytest.raises(ValueError, match="batch_size"):
        tiny_model.predict_proba(["a"], batch_size=0)


def test_calibration_and_decision(tiny_model) -> None:
    ll, _ = tiny_model.logits(PROBE_QUOTES)
    lp, _ = tiny_model.predict_proba(PROBE_QUOTES)
    z = (ll + tiny_model.logit_bias) / tiny_model.temperature
    np.testing.assert_allclose(lp, 1 / (1 + np.exp(-z)), atol=1e-6)
    pw = np.array(tiny_model.meta["training"]["pos_weight"])
    np.testing.assert_allclose(tiny_model.logit_bias, -np.log(pw), atol=1e-3)  # prior correction of class weights
    assert (tiny_model.decide(lp) == (lp >= tiny_model.thresholds)).all()
    assert tiny_model.decide(lp, threshold=0.0).all()


def test_network_signature_for_export(tiny_model) -> None:
    import torch

    f = tiny_model.encode(["a quote"], ["ctx"], ["sp"])[0]
    args = [torch.tensor([f[k]]) for k in ("input_ids", "attention_mask", "token_type_ids")]
    out = tiny_model.network.eval()(*args)
    assert isinstance(out, tuple) and out[0].shape == (1, len(LABELS)) and out[1].shape == (1, len(TARGETS))


# ---------------------------------------------------------------- refusing bad directories
@pytest.mark.parametrize("missing", ["model.safetensors", "target_head.safetensors", "stance.json", "config.json", "tokenizer.json"])
def test_incomplete_directory_is_refused(tiny_model_dir: Path, tmp_path: Path, missing: str) -> None:
    from stance.model import ModelDirError, load

    d = tmp_path / "m"
    shutil.copytree(tiny_model_dir, d)
    (d / missing).unlink()
    with pytest.raises(ModelDirError, match=missing.split(".")[0]):
        load(d)


def test_other_labels_are_refused(tiny_model_dir: Path, tmp_path: Path) -> None:
    from stance.model import ModelDirError, load

    d = tmp_path / "m"
    shutil.copytree(tiny_model_dir, d)
    meta = json.loads((d / "stance.json").read_text())
    meta["labels"] = ["pro-war", *meta["labels"][1:]]
    (d / "stance.json").write_text(json.dumps(meta))
    with pytest.raises(ModelDirError, match="made for labels"):
        load(d)


def test_mismatched_weights_are_refused(tiny_model_dir: Path, tmp_path: Path) -> None:
    from safetensors.torch import load_file, save_file

    from stance.model import ModelDirError, load

    d = tmp_path / "m"
    shutil.copytree(tiny_model_dir, d)
    head = load_file(str(d / "target_head.safetensors"))
    save_file({"weight": head["weight"][:3], "bias": head["bias"][:3]}, str(d / "target_head.safetensors"))
    with pytest.raises(ModelDirError, match="target_head"):
        load(d)
    shutil.copy(tiny_model_dir / "target_head.safetensors", d / "target_head.safetensors")
    state = load_file(str(d / "model.safetensors"))
    state.pop(next(k for k in state if k.startswith("classifier")))
    save_file(state, str(d / "model.safetensors"), metadata={"format": "pt"})
    with pytest.raises(ModelDirError, match="half-loaded"):
        load(d)


def test_pickle_only_directory_is_refused(tiny_model_dir: Path, tmp_path: Path) -> None:
    from stance.model import ModelDirError, load

    d = tmp_path / "m"
    shutil.copytree(tiny_model_dir, d)
    (d / "model.safetensors").rename(d / "pytorch_model.bin")
    with pytest.raises(ModelDirError, match="safetensors only"):
        load(d)


def test_default_model_missing_says_how_to_make_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stance.model import default_model_dir, load

    monkeypatch.setenv("STANCE_HOME", str(tmp_path))
    assert default_model_dir() == tmp_path / "models" / "default"
    with pytest.raises(FileNotFoundError, match="make demo"):
        load()


def test_default_model_loads_from_stance_home(tiny_default_home: Path) -> None:
    import stance

    m = stance.load()
    assert m.path == tiny_default_home / "models" / "default"


# ---------------------------------------------------------------- encoders
def test_encoder_resolution(tmp_path: Path) -> None:
    from stance.model.encoders import EncoderNotFound, packaged_minilm_dir, resolve_encoder

    path, local = resolve_encoder("minilm")
    assert Path(path) == packaged_minilm_dir() and local
    assert resolve_encoder("sentence-transformers/all-MiniLM-L6-v2") == (path, True)
    assert resolve_encoder(str(packaged_minilm_dir())) == (str(packaged_minilm_dir().resolve()), True)
    assert resolve_encoder("someone/some-model") == ("someone/some-model", False)
    with pytest.raises(EncoderNotFound, match="no such directory"):
        resolve_encoder("./not-there")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EncoderNotFound, match="config.json"):
        resolve_encoder(str(tmp_path / "empty"))


def test_local_encoder_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A local directory loads with the hub made unreachable (not just offline mode)."""
    import huggingface_hub

    from stance.model import StanceModel
    from stance.model.encoders import packaged_minilm_dir

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there

    def boom(*a, **k):  # pragma: no cover - reached only on a regression
        raise AssertionError("network access attempted")

    monkeypatch.setattr(huggingface_hub, "hf_hub_download", boom)
    m = StanceModel.from_encoder(str(packaged_minilm_dir()), max_length=32)
    assert m.network.seqcls.config.hidden_size == 384


def test_quote_is_masked_in_its_context_and_long_contexts_capped(tiny_model) -> None:
    from stance.model.inputs import QUOTE_MARK, mask_quote

    assert mask_quote("He said we want peace now, then left.", "we want peace now") == f"He said {QUOTE_MARK}, then left."
    assert mask_quote("No match here.", "absent") == "No match here."
    assert mask_quote(None, "q") is None
    f = tiny_model.encode(["we want peace now"], ["He said we want peace now, then left."], ["Zhai"])[0]
    second = tiny_model.tokenizer.decode([t for t, tt in zip(f["input_ids"], f["token_type_ids"]) if tt == 1])
    assert "peace" not in second and "he said" in second.lower()
    cap = tiny_model.meta["input_format"]["max_second_tokens"]
    feats = tiny_model.encode(["q"], ["word " * 500], None)
    assert sum(feats[0]["token_type_ids"]) <= cap + 1 and tiny_model.last_input_stats.context_truncated == 1
