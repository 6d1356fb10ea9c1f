"""Fine-tuning the stance model from YAML configs (``stance train --config configs/NAME.yaml``)."""
from __future__ import annotations

from stance.training.config import Config, ConfigError, load_config

__all__ = ["Config", "ConfigError", "load_config", "train"]


def train(config: Config | str, *, output_dir: str | None = None, overrides: list[str] | None = None):
    """Train, calibrate and save a model; ``config`` is a Config or the path of a YAML file."""
    from stance.training.train import train as _train

    cfg = load_config(config, overrides or []) if isinstance(config, str) else config
    return _train(cfg, output_dir=output_dir)
