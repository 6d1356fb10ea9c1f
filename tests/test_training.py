"""Training: config validation and overrides, the CLI, reproducibility, class weights, targets."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from stance.labels import TARGETS
from stance.training.config import ConfigError, apply_overrides, config_from_dict, load_config, parse_overrides

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "configs" / "tiny.yaml"
DEFAULT = REPO / "configs" / "default.yaml"


# ---------------------------------------------------------------- config
def test_shipped_configs_are_valid() -> None:
    tiny, default = load_config(TINY), load_config(DEFAULT)
    assert tiny.model.encoder == "tiny-random-bert" and default.model.encoder == "minilm"
    assert default.training.learning_rate > 0 and default.training.freeze_embeddings


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"training": {"epoch": 3}}, "unknown key 'training.epoch' (did you mean 'training.epochs'?)"),
        ({"trainin": {"epochs": 3}}, "unknown key 'trainin'"),
        ({"training": {"epochs": "three"}}, "training.epochs must be an integer, got 'three'"),
        ({"training": {"epochs": 2.5}}, "training.epochs must be an integer"),
        ({"training": {"progress": "yes"}}, "training.progress must be true or false"),
        ({"training": {"learning_rate": "fast"}}, "training.learning_rate must be a number"),
        ({"model": {"max_length": 4096}}, "model.max_length must be in [16, 512]"),
        ({"model": "minilm"}, "model must be a mapping"),
        ({"training": {"pos_weight": "sometimes"}}, "training.pos_weight must be 'auto', 'sqrt' or 'none'"),
        ({"training": {"freeze_layers": -1}}, "training.freeze_layers must be >= 0"),
    ],
)
def test_bad_config_names_the_key(raw: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        config_from_dict(raw, "my.yaml")
    assert message in str(err.value) and "my.yaml" in str(err.value)


def test_yaml_float_strings_and_nulls() -> None:
    cfg = config_from_dict({"training": {"learning_rate": "5e-5", "max_steps": None}})
    assert cfg.training.learning_rate == pytest.approx(5e-5) and cfg.training.max_steps is None


def test_overrides_both_styles() -> None:
    extra = parse_overrides(["--training.epochs", "3", "--model.encoder=some/dir", "--data.splits", "null"])
    assert extra == ["training.epochs=3", "model.encoder=some/dir", "data.splits=null"]
    cfg = load_config(TINY, ["training.learning_rate=2e-4", *extra])
    assert cfg.training.epochs == 3 and cfg.model.encoder == "some/dir" and cfg.data.splits is None
    assert cfg.training.learning_rate == pytest.approx(2e-4)
    with pytest.raises(ConfigError, match="needs a value"):
        parse_overrides(["--training.epochs"])
    with pytest.raises(ConfigError, match="key=value"):
        apply_overrides({}, ["training.epochs"])
    with pytest.raises(ConfigError, match="unknown key 'training.nope'"):
        load_config(TINY, ["training.nope=1"])


def test_missing_files_are_named(tmp_path: Path) -> None:
    from stance.training.config import check_files

    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("training: [1, 2\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(bad)
    cfg = load_config(TINY, [f"data.gold={tmp_path / 'none.jsonl'}"])
    with pytest.raises(ConfigError, match="data.gold: no such file"):
        check_files(cfg)
    cfg = load_config(TINY, ["model.encoder=./no/such/encoder"])
    with pytest.raises(ConfigError, match="model.encoder: no such directory"):
        check_files(cfg)


def test_cli_rejects_unknown_and_abbreviated_options(capsys: pytest.CaptureFixture) -> None:
    from stance.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["train", "--config", str(TINY), "--training.epoch", "3"])
    assert exc.value.code == 2
    assert main(["train", "--config", str(TINY), "--set", "training.epoch=3"]) == 2
    assert "did you mean 'training.epochs'" in capsys.readouterr().err
    assert main(["train", "--config", str(TINY), "--training.epochs", "4", "--print-config"]) == 0
    assert json.loads(capsys.readouterr().out)["training"]["epochs"] == 4


# ---------------------------------------------------------------- training helpers
def test_target_index_maps_unknown_parties_to_other() -> None:
    from stance.training.train import target_index

    assert target_index("israel") == TARGETS.index("israel")
    assert target_index(" Palestine ") == TARGETS.index("palestine")
    assert target_index("rsf") == TARGETS.index("other")
    assert target_index(None) == -100


def test_pos_weight_is_capped_ratio() -> None:
    from stance.training.config import Config
    from stance.training.train import Example, _pos_weight

    ex = [Example("q", None, None, (1.0, 0.0, 0.0, 0.0), -100)] + [Example("q", None, None, (0.0, 1.0, 0.0, 0.0), -100)] * 3
    w = _pos_weight(ex, Config())
    np.testing.assert_allclose(w, [3.0, 1.0, 4.0, 4.0])  # 3/1, 1/3 -> 1 (floor), 4/0 -> cap 4
    w = _pos_weight(ex, dataclasses.replace(Config(), training=dataclasses.replace(Config().training, pos_weight="none")))
    np.testing.assert_allclose(w, 1.0)


# ---------------------------------------------------------------- end to end
def test_training_is_reproducible(tiny_config, tiny_model_dir: Path, tmp_path: Path) -> None:
    """Same config and data → byte-identical weights and the same calibration."""
    from stance.training.train import train

    res = train(tiny_config, output_dir=tmp_path / "again")
    assert (res.model_dir / "model.safetensors").read_bytes() == (tiny_model_dir / "model.safetensors").read_bytes()
    assert (res.model_dir / "target_head.safetensors").read_bytes() == (tiny_model_dir / "target_head.safetensors").read_bytes()
    a = json.loads((res.model_dir / "stance.json").read_text())
    b = json.loads((tiny_model_dir / "stance.json").read_text())
    assert a["thresholds"] == b["thresholds"] and a["temperature"] == b["temperature"] and a["name"] == b["name"]


def test_cli_trains_with_overrides_and_stops_early(tiny_config, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """`stance train` end to end; learning rate ~0 means dev F1 cannot improve, so patience 0 stops
    after the second evaluation instead of running all 40 steps."""
    from stance.cli import main
    from stance.model import load

    out = tmp_path / "cli-model"
    rc = main(["train", "--config", str(TINY), "--output-dir", str(out), "--data.gold", tiny_config.data.gold,
               "--data.splits", str(tiny_config.data.splits), "--training.max_steps", "40", "--training.epochs", "40",
               "--training.eval_every_steps", "2", "--training.early_stopping_patience", "0",
               "--training.learning_rate", "1e-12", "--training.head_learning_rate", "1e-12", "--seed", "3"])
    assert rc == 0
    meta = json.loads((out / "stance.json").read_text())
    assert meta["training"]["steps"] == 4 and len(meta["training"]["history"]) == 2
    assert meta["training_config"]["seed"] == 3 and meta["training_config"]["training"]["eval_every_steps"] == 2
    assert "dev macro-F1" in capsys.readouterr().out
    assert load(out).labels == load(out).labels  # loads


def test_calibration_is_fitted_on_dev(tiny_model_dir: Path) -> None:
    meta = json.loads((tiny_model_dir / "stance.json").read_text())
    assert meta["temperature"] != 1.0  # fitted, not the default
    assert all(0.1 <= t <= 0.9 for t in meta["thresholds"].values())
    assert meta["metrics"]["dev"]["n"] == meta["data"]["n_dev"] > 0


def test_layerwise_learning_rates(tiny_model) -> None:
    from stance.training.config import Config
    from stance.training.train import _param_groups

    tc = dataclasses.replace(Config().training, learning_rate=1.0, head_learning_rate=5.0, layer_decay=0.5)
    groups = _param_groups(tiny_model.network, tc)
    lr_of = {id(p): g["lr"] for g in groups for p in g["params"]}
    named = dict(tiny_model.network.named_parameters())
    assert lr_of[id(named["target_head.weight"])] == 5.0 and lr_of[id(named["seqcls.classifier.weight"])] == 5.0
    top = next(n for n in named if ".layer.1." in n)  # tiny BERT: 2 layers
    low = next(n for n in named if ".layer.0." in n)
    assert lr_of[id(named[top])] == 0.5 and lr_of[id(named[low])] == 0.25
    assert lr_of[id(named["seqcls.bert.embeddings.position_embeddings.weight"])] == 0.125
    assert {g["weight_decay"] for g in groups if any(p is named["target_head.bias"] for p in g["params"])} == {0.0}


def test_extra_train_adds_quotes_to_train_only_and_standoff_without_shared_is_skipped(
        tiny_config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stance.data.gold import read_gold_jsonl
    from stance.data.standoff import write_standoff
    from stance.training.train import load_splits

    # any gold records stand in for annotated news, even ones of dev or test: this test is about
    # extra_train, so repeats of dev and test stay in (tests/test_data_decontam.py covers those)
    tiny_config = dataclasses.replace(tiny_config, data=dataclasses.replace(tiny_config.data, decontaminate=None))
    base = load_splits(tiny_config)
    recs = read_gold_jsonl(tiny_config.data.gold)[:2]
    n = sum(len(r["quotes"]) for r in recs)
    gold = tmp_path / "extra.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    cfg = dataclasses.replace(tiny_config, data=dataclasses.replace(tiny_config.data, extra_train=str(gold)))
    got = load_splits(cfg)
    assert len(got["train"]) == len(base["train"]) + n and len(got["extra_train"]) == n
    assert got["dev"] == base["dev"] and got["test"] == base["test"]

    standoff = write_standoff(recs, "nowhere/corpus.jsonl", tmp_path / "standoff.jsonl")
    monkeypatch.setenv("STANCE_SHARED", str(tmp_path / "no-shared"))
    cfg = dataclasses.replace(tiny_config, data=dataclasses.replace(tiny_config.data, extra_train=str(standoff)))
    with pytest.warns(UserWarning, match="training without it"):
        assert len(load_splits(cfg)["train"]) == len(base["train"])
    strict = dataclasses.replace(cfg, data=dataclasses.replace(cfg.data, extra_train_required=True))
    from stance.data.standoff import StandoffError

    with pytest.raises(StandoffError, match="field 'corpus'"):
        load_splits(strict)
    missing = dataclasses.replace(tiny_config, data=dataclasses.replace(tiny_config.data, extra_train=str(tmp_path / "x.jsonl")))
    from stance.training.config import ConfigError, check_files

    with pytest.raises(ConfigError, match="data.extra_train: no such file"):
        check_files(missing)


def test_freeze_layers_stops_gradients_below_the_top_layers(tiny_model) -> None:
    """freeze_layers=N: embeddings and the lowest N layers get no gradient; everything above does."""
    import copy

    import torch

    from stance.training.train import freeze_bottom

    seqcls = copy.deepcopy(tiny_model.network.seqcls)
    n_layers = seqcls.config.num_hidden_layers
    freeze_bottom(seqcls, 1)
    base = seqcls.base_model
    assert not any(p.requires_grad for p in base.embeddings.parameters())
    assert not any(p.requires_grad for p in base.encoder.layer[0].parameters())
    assert all(p.requires_grad for layer in base.encoder.layer[1:] for p in layer.parameters())
    seqcls.train()
    ids = torch.tensor([[101, 7, 8, 102]])
    seqcls(input_ids=ids).logits.sum().backward()
    assert base.encoder.layer[0].attention.self.query.weight.grad is None
    assert base.encoder.layer[n_layers - 1].attention.self.query.weight.grad is not None
    with pytest.raises(ValueError, match="freeze_layers is 9 but the encoder has"):
        freeze_bottom(copy.deepcopy(tiny_model.network.seqcls), 9)
