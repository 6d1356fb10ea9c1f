"""Stance inference: ``predict`` for quoted sentences, ``analyze`` for whole articles.

Backends: PyTorch (default) and ONNX Runtime int8 (``stance.load(backend="onnx")``), see
:mod:`stance.inference.onnx`.
"""
from __future__ import annotations

from stance.inference.api import analyze, get_model, label_quotes, predict

__all__ = ["predict", "analyze", "get_model", "label_quotes"]
