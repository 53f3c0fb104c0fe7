"""Bit-mask helpers for sets of use cases (one ``uint64`` per person, bit u = use case u)."""

from __future__ import annotations

import numpy as np

ONE = np.uint64(1)


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of use cases in each mask."""
    return np.bitwise_count(masks).astype(np.int64)


def unpack(masks: np.ndarray) -> np.ndarray:
    """Masks as a boolean matrix, one row per mask and one column per use case (bit)."""
    as_bytes = np.ascontiguousarray(masks, dtype="<u8").view(np.uint8).reshape(-1, 8)
    return np.unpackbits(as_bytes, axis=1, bitorder="little").view(bool)


def nth_set_bit(masks: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Index of the k-th (0-based) set bit of each mask; -1 where the mask has fewer bits."""
    if not (isinstance(masks, np.ndarray) and masks.dtype == np.uint64 and masks.ndim == 1):
        masks = np.atleast_1d(np.asarray(masks, dtype=np.uint64))
    if masks.size == 0:
        return np.zeros(0, dtype=np.int64)
    k = np.asarray(k, dtype=np.int64).reshape(-1, 1)  # one k per mask, or one for all
    rank = np.add.accumulate(unpack(masks), axis=1, dtype=np.int8)  # rank[i, b]: set bits of mask i up to bit b
    found = rank > k
    return np.where(found[:, -1], found.argmax(axis=1), -1)


def pick(candidates: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One use case chosen uniformly from each candidate mask with uniforms ``u``; -1 if empty."""
    count = popcount(candidates)
    k = np.minimum((u * count).astype(np.int64), np.maximum(count - 1, 0))
    return nth_set_bit(candidates, k)  # -1 where the mask is empty


def bit(index: np.ndarray) -> np.ndarray:
    """Masks with the single bit ``index`` set (0 where index is -1)."""
    index = np.asarray(index, dtype=np.int64)
    return np.where(index >= 0, ONE << np.maximum(index, 0).astype(np.uint64), np.uint64(0))


def draw_task_type(task_mix: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A task type per person, drawn in proportion to the person's share of time on it."""
    cum = np.add.accumulate(task_mix, axis=1)
    cum[:, -1] = 1.0
    return np.add.reduce(u[:, None] > cum, axis=1, dtype=np.int64)
