"""The network: a Hugging Face sequence classifier (encoder + multi-label head over LABELS) and a
target head (softmax over TARGETS) on the mean-pooled last hidden state.

With ``label_pooling="cls"`` the label part *is* an ``AutoModelForSequenceClassification``, so the
saved directory loads in a plain ``transformers`` pipeline with the same label logits. With
``"mean"`` the label head, like the target head, reads the mean of the last hidden states (how
sentence-transformers encoders such as all-MiniLM-L6-v2 were trained to summarise a text); it is
saved in its own file, and a plain pipeline then loads the encoder but not these label logits.
"""
from __future__ import annotations

import inspect
from typing import Any

import torch
from torch import nn

from stance.labels import LABEL_POOLINGS as POOLINGS


class StanceNetwork(nn.Module):
    """``forward(input_ids, attention_mask, token_type_ids) -> (label_logits, target_logits)``.

    The signature is fixed (all three tensors, positional) so that ONNX export and every backend
    see one interface; ``token_type_ids`` is ignored by encoders that have none (RoBERTa ...).
    """

    def __init__(self, seqcls: nn.Module, n_targets: int, dropout: float = 0.1, label_pooling: str = "cls") -> None:
        super().__init__()
        if label_pooling not in POOLINGS:
            raise ValueError(f"label_pooling must be one of {POOLINGS}, not {label_pooling!r}")
        self.seqcls = seqcls
        self.label_pooling = label_pooling
        hidden = int(seqcls.config.hidden_size)
        self.target_dropout = nn.Dropout(dropout)
        self.target_head = nn.Linear(hidden, n_targets)
        if label_pooling == "mean":
            self.label_dropout = nn.Dropout(dropout)
            self.label_head = nn.Linear(hidden, int(seqcls.config.num_labels))
        params = inspect.signature(seqcls.forward).parameters
        self.uses_token_types = "token_type_ids" in params and int(getattr(seqcls.config, "type_vocab_size", 2) or 0) > 1

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        kwargs: dict[str, Any] = {"input_ids": input_ids, "attention_mask": attention_mask, "output_hidden_states": True}
        if self.uses_token_types and token_type_ids is not None:
            kwargs["token_type_ids"] = token_type_ids
        out = self.seqcls(**kwargs)
        hidden = out.hidden_states[-1]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        labels = out.logits if self.label_pooling == "cls" else self.label_head(self.label_dropout(pooled))
        return labels, self.target_head(self.target_dropout(pooled))

    def target_head_state(self) -> dict[str, torch.Tensor]:
        """The target head's tensors, named as in ``target_head.safetensors``."""
        return _cpu_state(self.target_head)

    def label_head_state(self) -> dict[str, torch.Tensor]:
        """The mean-pooled label head's tensors (``label_head.safetensors``); empty for "cls"."""
        if self.label_pooling == "cls":
            return {}
        return _cpu_state(self.label_head)


def _cpu_state(module: nn.Module) -> dict[str, torch.Tensor]:
    """A module's tensors as safetensors wants them: detached, on CPU, contiguous."""
    return {k: v.detach().cpu().contiguous() for k, v in module.state_dict().items()}
