"""Bit-mask helpers for sets of use cases (one ``uint64`` per person, bit u = use case u).

The functions ending in ``1`` work on one person (one mask, or one row of the task mix) and are
compiled (:mod:`sim.jit`), for use inside the mechanisms' per-person loops; the others work on
arrays, one entry per person, through compiled loops over those.
"""

from __future__ import annotations

import numpy as np

from sim.jit import jit
from sim.state import TOP_BYTE_SHIFT, hash_use_case

ONE = np.uint64(1)
_M1, _M2, _M4 = np.uint64(0x5555555555555555), np.uint64(0x3333333333333333), np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)


@jit
def popcount1(x: np.uint64) -> int:
    """Number of set bits of one mask."""
    x = x - ((x >> ONE) & _M1)
    x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
    x = (x + (x >> np.uint64(4))) & _M4
    return int((x * _H01) >> np.uint64(56))


hash_bit1 = jit(hash_use_case)  # a fixed 64-bit hash of a key and a bit index (sim.state.hash_use_case)


@jit
def top_byte1(x: np.uint64) -> int:
    """The top 8 bits of a 64-bit value, 0-255."""
    return int(x >> TOP_BYTE_SHIFT)


@jit
def nth_set_bit1(mask: np.uint64, k: int) -> int:
    """Index of the k-th (0-based) set bit of one mask; -1 if it has fewer bits."""
    for b in range(64):
        if (mask >> np.uint64(b)) & ONE:
            if k == 0:
                return b
            k -= 1
    return -1


@jit
def bit1(index: int) -> np.uint64:
    """The mask with the single bit ``index`` set (0 where index is -1)."""
    return ONE << np.uint64(index) if index >= 0 else np.uint64(0)


@jit
def pick1(candidates: np.uint64, u: float) -> int:
    """One use case chosen uniformly from a candidate mask with uniform ``u``; -1 if empty."""
    count = popcount1(candidates)
    k = min(int(u * count), max(count - 1, 0))
    return nth_set_bit1(candidates, k)


@jit
def task_type1(task_mix: np.ndarray, u: float) -> int:
    """A task type drawn in proportion to one person's shares of time (a row of the task mix)."""
    last = task_mix.size - 1
    cum = 0.0
    task = 0
    for k in range(last + 1):
        cum += task_mix[k]  # cumulative shares, the last one counted as exactly 1
        if u > (1.0 if k == last else cum):
            task += 1
    return task


@jit
def _nth_set_bits(masks: np.ndarray, k: np.ndarray) -> np.ndarray:
    out = np.empty(masks.size, dtype=np.int64)
    for i in range(masks.size):
        out[i] = nth_set_bit1(masks[i], k[i])
    return out


@jit
def _picks(candidates: np.ndarray, u: np.ndarray) -> np.ndarray:
    out = np.empty(candidates.size, dtype=np.int64)
    for i in range(candidates.size):
        out[i] = pick1(candidates[i], u[i])
    return out


@jit
def _task_types(task_mix: np.ndarray, u: np.ndarray) -> np.ndarray:
    out = np.empty(u.size, dtype=np.int64)
    for i in range(u.size):
        out[i] = task_type1(task_mix[i], u[i])
    return out


def _masks(masks) -> np.ndarray:
    return np.ascontiguousarray(np.atleast_1d(np.asarray(masks, dtype=np.uint64)))


def nth_set_bit(masks: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Index of the k-th (0-based) set bit of each mask (one k per mask, or one for all); -1 where
    the mask has fewer bits."""
    masks = _masks(masks)
    k = np.ascontiguousarray(np.broadcast_to(np.asarray(k, dtype=np.int64), masks.shape))
    return _nth_set_bits(masks, k)


def pick(candidates: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One use case chosen uniformly from each candidate mask with uniforms ``u``; -1 if empty."""
    candidates = _masks(candidates)
    return _picks(candidates, np.ascontiguousarray(np.broadcast_to(np.asarray(u, dtype=np.float64), candidates.shape)))


def bit(index: np.ndarray) -> np.ndarray:
    """Masks with the single bit ``index`` set (0 where index is -1)."""
    index = np.asarray(index, dtype=np.int64)
    return np.where(index >= 0, ONE << np.maximum(index, 0).astype(np.uint64), np.uint64(0))


def draw_task_type(task_mix: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A task type per person, drawn in proportion to the person's share of time on it."""
    return _task_types(np.ascontiguousarray(task_mix, dtype=np.float64), np.ascontiguousarray(u, dtype=np.float64))
