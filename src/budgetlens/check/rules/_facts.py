"""Shared helper: occurrences of the same fact (same key and scope) that cannot be the same figure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from budgetlens.figures import Interval
from budgetlens.model import FactOccurrence


def same_figure(a: FactOccurrence, b: FactOccurrence) -> bool:
    if a.unit != b.unit:
        return True  # not comparable here; units are normalised by the recogniser
    return Interval.of(a.value).meets(Interval.of(b.value))


def by_key_scope(occs: list[FactOccurrence]) -> dict[tuple[str, str, str], list[FactOccurrence]]:
    groups: dict[tuple[str, str, str], list[FactOccurrence]] = defaultdict(list)
    for o in occs:
        groups[(o.key, o.scope, o.unit)].append(o)
    return groups


def conflicts(
    occs: list[FactOccurrence],
    is_reference: Callable[[FactOccurrence], bool],
    is_candidate: Callable[[FactOccurrence], bool],
    distinct: Callable[[FactOccurrence, FactOccurrence], bool] = lambda a, b: a is not b,
) -> Iterator[tuple[FactOccurrence, FactOccurrence]]:
    """(reference, candidate) pairs of one key and scope where the candidate matches no reference.

    The reference is the first reference occurrence (in document order) that the candidate is
    compared with; a candidate matching any reference is consistent."""
    for group in by_key_scope(occs).values():
        refs = [o for o in group if is_reference(o)]
        if not refs:
            continue
        for cand in group:
            if not is_candidate(cand):
                continue
            others = [r for r in refs if distinct(r, cand)]
            if not others:
                continue
            if any(same_figure(r, cand) for r in others):
                continue
            yield others[0], cand
