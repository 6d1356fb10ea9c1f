"""`stance score --engine ray` on a small local Ray: the same files as the local engine, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'stance[ray]'")

from stance.scoring.engine import score  # noqa: E402

from test_scoring import messy_jsonl  # noqa: E402

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def local_ray():
    from stance.scoring.ray_engine import init_local

    init_local(num_cpus=2)
    yield
    ray.shutdown()


@pytest.mark.parametrize("with_tagger", [False, True], ids=["rules", "tagger"])
def test_ray_output_is_identical_to_local(local_ray, tiny_model_dir: Path, tiny_tagger_dir: Path, tmp_path: Path,
                                          with_tagger: bool) -> None:
    src = messy_jsonl(tmp_path / "in.jsonl")
    common = dict(model=str(tiny_model_dir), max_chars=400, chunk_size=2, progress=False,
                  tagger=str(tiny_tagger_dir) if with_tagger else None)
    local = score(src, tmp_path / "local.jsonl", **common)
    # Two waves of chunks, so the driver commits between Ray executions as it would on a big corpus.
    remote = score(src, tmp_path / "ray.jsonl", engine="ray", chunks_per_wave=3, **common)
    assert remote.counts == local.counts and local.counts.records == 9 and local.counts.quotes > 0
    for side in ("", ".docs.jsonl", ".errors.jsonl"):
        assert (tmp_path / f"ray.jsonl{side}").read_bytes() == (tmp_path / f"local.jsonl{side}").read_bytes(), side
    assert not (tmp_path / "ray.jsonl.ray").exists()  # staging removed
    assert ray.is_initialized()  # a Ray the caller started is left running
