"""Shared function: occurrences of the same fact (same key and scope) that cannot be the same figure.

Table occurrences carry the scope ``table``; the text states the same keys with the base it names
(``document``, ``gpb``, ``fiscal``…). The key fixes what the figure is, so a text occurrence is
compared with every table occurrence of its key whatever its scope (``by_key_across_tables``); two
text occurrences are compared only on the same base."""

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


def by_key_unit(occs: list[FactOccurrence]) -> dict[tuple[str, str], list[FactOccurrence]]:
    groups: dict[tuple[str, str], list[FactOccurrence]] = defaultdict(list)
    for o in occs:
        groups[(o.key, o.unit)].append(o)
    return groups


def conflicts(
    occs: list[FactOccurrence],
    is_reference: Callable[[FactOccurrence], bool],
    is_candidate: Callable[[FactOccurrence], bool],
    distinct: Callable[[FactOccurrence, FactOccurrence], bool] = lambda a, b: a is not b,
    any_scope: bool = False,
) -> Iterator[tuple[FactOccurrence, FactOccurrence]]:
    """(reference, candidate) pairs of one key and scope (of one key, with ``any_scope``) where the
    candidate matches no reference.

    The reference is the first reference occurrence (in document order) that the candidate is
    compared with; a candidate matching any reference is consistent."""
    groups = by_key_unit(occs).values() if any_scope else by_key_scope(occs).values()
    for group in groups:
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
