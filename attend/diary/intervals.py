"""Spans of time (pure: no Django): busy spans merged into one another, and the free time between them.

A span is a `(start, end)` pair, end exclusive, of anything ordered: seconds since the epoch (ints) for the
analysis engine, aware datetimes for protected time. Used by `analysis` and `proposals`, so the two agree
on what is busy and what is free.
"""

from collections.abc import Iterable, Sequence


def merge[T](spans: Iterable[tuple[T, T]]) -> list[tuple[T, T]]:
    """The spans sorted by start, those that overlap or touch joined into one: [(9, 10), (10, 11)] is [(9, 11)]."""
    merged: list[list[T]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def gaps[T](busy: Sequence[tuple[T, T]], lo: T, hi: T) -> list[tuple[T, T]]:
    """The free spans inside [lo, hi): what `busy` leaves. `busy` is sorted by start, as `merge` returns it."""
    free = []
    cursor = lo
    for start, end in busy:
        if end <= lo or start >= hi:
            continue
        if start > cursor:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < hi:
        free.append((cursor, hi))
    return free
