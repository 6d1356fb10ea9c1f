"""Result types. Frozen, so that prediction never mutates what a caller holds."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Quote:
    """One attributed statement in an article.

    ``text == article[start:end]`` always holds: offsets index the caller's original string.
    ``affiliation`` is an ISO 3166-1 alpha-3 code or an organisation code (UN, EU, HAMAS ...);
    a joint statement by speakers of several affiliations joins them with ``";"`` ("CHN;RUS").
    ``labels``/``scores``/``target`` stay empty until a stance model fills them.
    """

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    actor: str | None = None
    affiliation: str | None = None
    source: str | None = None
    cue: str | None = None
    labels: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    target: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["labels"] = list(self.labels)
        d["scores"] = dict(self.scores)
        return d

    def with_stance(self, labels: tuple[str, ...], scores: dict[str, float], target: str | None) -> "Quote":
        return replace(self, labels=tuple(labels), scores=dict(scores), target=target)


@dataclass(frozen=True)
class Prediction:
    """The stance of one quoted sentence, as returned by ``stance.predict``."""

    text: str
    labels: tuple[str, ...]
    scores: dict[str, float]
    target: str | None = None
    target_scores: dict[str, float] = field(default_factory=dict)
    speaker: str | None = None
    actor: str | None = None
    affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["labels"] = list(self.labels)
        return d
