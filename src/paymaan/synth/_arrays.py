"""Array helpers shared by the synth modules."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["pick"]


def pick(condition: Any, yes: Any, no: Any) -> np.ndarray:
    """``np.where`` for object arrays whose branches may be ``None`` (typed loosely).

    Example:
        >>> pick(np.array([True, False]), "a", None).tolist()
        ['a', None]
    """
    return np.asarray(np.where(condition, yes, no))
