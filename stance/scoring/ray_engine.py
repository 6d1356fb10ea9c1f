"""``stance score --engine ray``: the same scoring on Ray Data, on a laptop or a cluster.

Per *wave* of chunks: the driver stages the chunks (records read and validated by the same
readers as the local engine, so line numbers and errors are identical) as Parquet;
``ray.data.read_parquet`` → ``map_batches(ScoringPredictor)`` (an actor pool, the model loaded once
per worker) → ``write_parquet``; the driver then commits the wave's results in chunk order through
the same ``Sink`` as the local engine. Same chunks, same predictor, same sink: the output files are
identical to the local engine's, and ``--resume`` works the same way (at wave granularity).

On a multi-node cluster (``--address``), the staging folder (``--staging``, default next to
OUTPUT) must be on storage every node can read and write (NFS, a mounted bucket ...), and every
node needs the model at the same path.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any, Iterator

from stance.scoring.engine import DEFAULT_CHUNK, Summary, chunked, drive, prepare, run_options
from stance.scoring.readers import Fields, Record, iter_records

#: Chunks per wave, per worker: enough to keep every worker busy between driver commits.
CHUNKS_PER_WORKER = 8


def _require_ray() -> Any:
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("--engine ray needs Ray Data: pip install 'stance[ray]'") from exc
    return ray


def init_local(num_cpus: int | None = None, **kwargs: Any) -> None:
    """Start a local Ray whose workers import this very ``stance`` (also from a source checkout)."""
    ray = _require_ray()
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    env = {"PYTHONPATH": path}
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM", "STANCE_HOME"):
        if key in os.environ:
            env[key] = os.environ[key]
    ray.init(num_cpus=num_cpus, include_dashboard=False, runtime_env={"env_vars": env}, logging_level="ERROR",
             **kwargs)


def _model_path_and_name(model: Any) -> tuple[str, str]:
    """Workers load the model themselves, so they get a path; the name comes from its stance.json."""
    from stance.model import check_model_dir, default_model_dir

    if model is not None and not isinstance(model, (str, os.PathLike)):
        if getattr(model, "path", None) is None:
            raise ValueError("--engine ray needs a saved model (a directory workers can load), not an unsaved one")
        return str(Path(model.path).resolve()), str(model.name)
    path = default_model_dir() if model is None else Path(model).expanduser()
    meta = check_model_dir(path)
    return str(path.resolve()), str(meta.get("name") or path.name)


def _waves(records: Iterator[Record], chunk_size: int, chunks_per_wave: int) -> Iterator[list[list[Record]]]:
    chunks = chunked(records, chunk_size)
    while True:
        wave = [c for _, c in zip(range(chunks_per_wave), chunks)]
        if not wave:
            return
        yield wave


def _stage(wave: list[list[Record]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from stance.scoring.predictor import encode_chunk

    path.mkdir(parents=True, exist_ok=True)
    # One file per chunk: Ray reads files in parallel, so every worker gets work at once.
    for i, chunk in enumerate(wave):
        pq.write_table(pa.Table.from_pylist([encode_chunk(i, chunk)]), path / f"chunk-{i:06d}.parquet")


def score_ray(
    input: str | Path,
    output: str | Path,
    *,
    model: Any = None,
    backend: str = "torch",
    batch_size: int = 32,
    fields: Fields = Fields(),
    chunk_size: int = DEFAULT_CHUNK,
    skip: int = 0,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = True,
    address: str | None = None,
    workers: int | None = None,
    cpus_per_worker: int = 1,
    staging: str | Path | None = None,
    chunks_per_wave: int | None = None,
    tagger: Any = None,
) -> Summary:
    """Score ``input`` into ``output`` on Ray; see the module docstring."""
    ray = _require_ray()
    import pyarrow.parquet as pq

    from stance.scoring.predictor import ScoringPredictor, decode_results

    t0 = time.perf_counter()
    model_path, model_name = _model_path_and_name(model)
    extractor = "rules"
    tagger_path = None
    from stance.extraction.learned import resolve_tagger

    t = resolve_tagger(tagger)  # a missing one fails here, before Ray starts
    if t is not None:
        from stance.scoring.predictor import tagger_name

        if t.path is None:
            raise ValueError("with the ray engine the tagger must be given as a saved directory (workers load it)")
        tagger_path, extractor = str(t.path), tagger_name(t.meta)
    options = run_options(input, fields, skip=skip, chunk_size=chunk_size, model_name=model_name, backend=backend,
                          extractor=extractor)
    sink, start, bar = prepare(input, output, options, skip=skip, resume=resume, overwrite=overwrite, progress=progress)
    if sink.complete:
        return Summary(str(output), sink.counts, 0.0, already_complete=True)

    if backend == "onnx":
        # Export (and quantise) once here, not in every worker at the same time; workers find it cached.
        from stance.inference.api import get_model

        get_model(model_path, backend="onnx")
    started = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, logging_level="ERROR")
        else:
            init_local()
        started = True
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # our own bar counts documents; Ray's would interleave with it
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    total_cpus = int(ray.cluster_resources().get("CPU", 1))
    # Leave a CPU for Ray Data's read and write tasks, or they could starve behind the actors.
    n_workers = workers or max(1, (total_cpus - 1) // cpus_per_worker)
    stage_root = Path(staging) if staging else Path(f"{output}.ray")
    finished = False
    try:
        records = iter_records(input, fields, skip=start)
        per_wave = chunks_per_wave or CHUNKS_PER_WORKER * n_workers
        for n, wave in enumerate(_waves(records, chunk_size, per_wave)):
            src, dst = stage_root / f"wave-{n:06d}-in", stage_root / f"wave-{n:06d}-out"
            shutil.rmtree(src, ignore_errors=True)
            shutil.rmtree(dst, ignore_errors=True)
            _stage(wave, src)
            ds = ray.data.read_parquet(str(src)).map_batches(
                ScoringPredictor,
                fn_constructor_kwargs={"model": model_path, "backend": backend, "batch_size": batch_size,
                                       "num_threads": cpus_per_worker, "tagger": tagger_path},
                batch_size=1, batch_format="numpy", num_cpus=cpus_per_worker,
                compute=ray.data.ActorPoolStrategy(size=min(n_workers, len(wave))),
            )
            ds.write_parquet(str(dst))
            table = pq.read_table(str(dst), columns=["chunk", "results"])
            by_chunk = dict(zip(table.column("chunk").to_pylist(), table.column("results").to_pylist()))
            missing = [i for i in range(len(wave)) if i not in by_chunk]
            if missing:
                raise RuntimeError(f"Ray returned no results for chunks {missing} of wave {n}; nothing of it was committed")
            drive(sink, ((wave[i], decode_results(by_chunk[i])) for i in range(len(wave))), bar)
            del table, by_chunk
            shutil.rmtree(src, ignore_errors=True)
            shutil.rmtree(dst, ignore_errors=True)
        counts = sink.finish()
        finished = True
        shutil.rmtree(stage_root, ignore_errors=True)
    finally:
        bar.close()
        if not finished:
            sink.abort()
        if started:
            ray.shutdown()
    return Summary(str(output), counts, time.perf_counter() - t0, extra={"engine": "ray", "workers": n_workers})
