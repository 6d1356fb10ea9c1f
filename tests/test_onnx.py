"""The ONNX Runtime int8 backend: export with dynamic axes, cached by weights, close to torch."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime", reason="the ONNX backend needs onnxruntime (pip install 'stance[onnx]')")

import stance
from stance.inference.onnx import OnnxBackend, cache_dir

QUOTES = ["We call on all parties to agree an immediate and lasting truce.", "Aid must flow.",
          "Our envoy will host both delegations for talks next week, and we hope for progress on the hostages.",
          "The meeting starts at ten."]
CONTEXTS = ["The minister said the fighting had to stop.", None, "Talks resume on Monday.", None]


@pytest.fixture(scope="module")
def model_copy(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("onnx") / "model"
    shutil.copytree(tiny_model_dir, dst)
    return dst


def test_onnx_backend_matches_torch_on_padded_batches(model_copy: Path) -> None:
    torch_model = stance.load(model_copy)
    onnx_model = stance.load(model_copy, backend="onnx")
    assert isinstance(onnx_model.backend, OnnxBackend)
    files = sorted(p.name for p in (model_copy / "onnx").iterdir())
    assert len(files) == 2 and files[0].endswith(".fp32.onnx") and files[1].endswith(".int8.onnx")
    # Batches of 1 and 3 with different lengths: the dynamic axes and the padding mask at work.
    for bs in (1, 3):
        t_ll, t_tl = torch_model.logits(QUOTES, CONTEXTS, batch_size=bs)
        o_ll, o_tl = onnx_model.logits(QUOTES, CONTEXTS, batch_size=bs)
        assert o_ll.shape == t_ll.shape and o_tl.shape == t_tl.shape
        assert np.abs(o_ll - t_ll).max() < 0.05 and np.abs(o_tl - t_tl).max() < 0.05
    fp32 = OnnxBackend(next((model_copy / "onnx").glob("*.fp32.onnx")), num_threads=1)
    torch_model.backend, saved = fp32, torch_model.backend
    f_ll, f_tl = torch_model.logits(QUOTES, CONTEXTS, batch_size=3)
    torch_model.backend = saved
    t_ll, t_tl = torch_model.logits(QUOTES, CONTEXTS, batch_size=3)
    np.testing.assert_allclose(f_ll, t_ll, atol=1e-5)  # the export itself is exact; int8 is the only loss
    np.testing.assert_allclose(f_tl, t_tl, atol=1e-5)
    p = stance.predict(QUOTES, onnx_model)
    assert [x.text for x in p] == QUOTES and all(list(x.scores) == list(stance.LABELS) for x in p)


def test_export_is_cached_and_keyed_by_weights(model_copy: Path, tmp_path: Path, monkeypatch) -> None:
    stance.load(model_copy, backend="onnx")
    int8 = next((model_copy / "onnx").glob("*.int8.onnx"))
    stamp = int8.stat().st_mtime_ns
    again = stance.load(model_copy, backend="onnx")
    assert again.backend.path == int8 and int8.stat().st_mtime_ns == stamp  # reused, not re-exported
    # An unsaved model has no directory: its graph goes to $STANCE_HOME/cache/onnx/<weights hash>.
    monkeypatch.setenv("STANCE_HOME", str(tmp_path / "home"))
    unsaved = stance.load(model_copy)
    unsaved.path = None
    unsaved.meta.pop("weights_sha256", None)
    d = cache_dir(unsaved)
    assert d.parent == tmp_path / "home" / "cache" / "onnx"
    backend = OnnxBackend.from_model(unsaved, num_threads=1)
    assert backend.path.parent == d and backend.session.get_session_options().intra_op_num_threads == 1
    import torch

    with torch.no_grad():  # other weights, other key
        next(unsaved.network.parameters()).add_(1.0)
    assert cache_dir(unsaved) != d
