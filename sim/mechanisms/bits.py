"""Bit-mask helpers for sets of use cases (one ``uint64`` per person, bit u = use case u)."""

from __future__ import annotations

import numpy as np

ONE = np.uint64(1)


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of use cases in each mask."""
    return np.bitwise_count(masks).astype(np.int64)


def nth_set_bit(masks: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Index of the k-th (0-based) set bit of each mask; -1 where the mask has fewer bits.

    Vectorised over the masks: 64 passes over the array, none over people.
    """
    masks = np.asarray(masks, dtype=np.uint64)
    remaining = np.asarray(k, dtype=np.int64).copy()
    out = np.full(masks.shape, -1, dtype=np.int64)
    for bit in range(64):
        has = ((masks >> np.uint64(bit)) & ONE).astype(bool)
        hit = has & (remaining == 0) & (out < 0)
        out[hit] = bit
        remaining -= has
    return out


def pick(candidates: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One use case chosen uniformly from each candidate mask with uniforms ``u``; -1 if empty."""
    count = popcount(candidates)
    k = np.minimum((u * count).astype(np.int64), np.maximum(count - 1, 0))
    return np.where(count > 0, nth_set_bit(candidates, k), -1)


def bit(index: np.ndarray) -> np.ndarray:
    """Masks with the single bit ``index`` set (0 where index is -1)."""
    index = np.asarray(index, dtype=np.int64)
    return np.where(index >= 0, ONE << np.maximum(index, 0).astype(np.uint64), np.uint64(0))


def draw_task_type(task_mix: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A task type per person, drawn in proportion to the person's share of time on it."""
    cum = np.cumsum(task_mix, axis=1)
    cum[:, -1] = 1.0
    return (u[:, None] > cum).sum(axis=1)
