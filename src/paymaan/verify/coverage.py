"""Coverage: which sources watch which event types, in which provinces, over which days.

A zero is only evidence of absence where someone was looking. Coverage says where
that is. It is made of *spells*: a source watched these event types in these provinces
over ``[start, end)``. Spells come from two places:

- **declared** by a source or the verifier (``Coverage.from_declarations`` or a YAML
  file read by :func:`load_coverage`);
- **inferred** from the cases (:meth:`Coverage.from_cases`): a source watches a
  province while it keeps reporting cases there — a spell runs from the first to the
  last case it reported in the province, and breaks where two consecutive reports are
  more than ``max_gap_days`` apart (loss of continuity of knowledge). It covers every
  event type the source has ever reported, because a monitor that reports arrests in a
  province would also have reported an execution there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from paymaan.errors import InputError

__all__ = ["Coverage", "CoverageSpell", "CoverageSummary", "load_coverage"]


@dataclass(frozen=True)
class CoverageSpell:
    """A source watched *event_types* in *provinces* over ``[start, end)``.

    ``None`` for event types or provinces means all of them.
    """

    source: str
    start: date
    end: date
    event_types: frozenset[str] | None = None
    provinces: frozenset[str] | None = None
    declared: bool = False


@dataclass(frozen=True)
class CoverageSummary:
    """How well a stratum (event types × provinces × days) is covered.

    Attributes:
        provinces_in_scope: provinces the indicator is about.
        provinces_covered: those watched by at least ``min_sources`` sources for every
            event type of the indicator.
        min_sources: the indicator's requirement.
        sources: sources that watch at least one cell of the stratum.
        full_sources: sources that watch every cell (the lists an estimate can use).
        uncovered: provinces not covered enough, in code order.
    """

    provinces_in_scope: int
    provinces_covered: int
    min_sources: int
    sources: tuple[str, ...]
    full_sources: tuple[str, ...]
    uncovered: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when every province in scope is covered enough."""
        return self.provinces_covered == self.provinces_in_scope


@dataclass(frozen=True)
class Coverage:
    """The spells of every source; ask it who watched a stratum.

    Example:
        >>> spell = {"source": "a", "from": "2025-01-01", "to": "2026-01-01"}
        >>> cov = Coverage.from_declarations([spell])
        >>> sorted(cov.sources_covering("execution", "IR-12", date(2025, 3, 1), date(2025, 4, 1)))
        ['a']
    """

    spells: tuple[CoverageSpell, ...] = ()

    def __or__(self, other: Coverage) -> Coverage:
        return Coverage((*self.spells, *other.spells))

    def sources_covering(
        self, event_type: str, province: str, start: date, end: date
    ) -> frozenset[str]:
        """Sources with a spell for *event_type* in *province* that overlaps ``[start, end)``."""
        return frozenset(
            spell.source
            for spell in self._by_province().get(province, ()) + self._by_province().get(None, ())
            if spell.start < end
            and start < spell.end
            and (spell.event_types is None or event_type in spell.event_types)
        )

    def _by_province(self) -> dict[str | None, tuple[CoverageSpell, ...]]:
        cached: dict[str | None, tuple[CoverageSpell, ...]] | None = self.__dict__.get("_index")
        if cached is None:
            index: dict[str | None, list[CoverageSpell]] = defaultdict(list)
            for spell in self.spells:
                for province in spell.provinces if spell.provinces is not None else (None,):
                    index[province].append(spell)
            cached = {key: tuple(value) for key, value in index.items()}
            object.__setattr__(self, "_index", cached)
        return cached

    def summarize(
        self,
        event_types: Sequence[str],
        provinces: Sequence[str],
        start: date,
        end: date,
        min_sources: int,
    ) -> CoverageSummary:
        """Summarize the coverage of a stratum.

        Args:
            event_types: the indicator's event types.
            provinces: the provinces in scope (all 31 for a national indicator).
            start: first day of the stratum.
            end: first day after it.
            min_sources: sources a province needs, for each event type, to count as covered.

        Returns:
            A :class:`CoverageSummary`.
        """
        any_sources: set[str] = set()
        full: set[str] | None = None
        uncovered = []
        for province in provinces:
            enough = True
            for event_type in event_types:
                found = self.sources_covering(event_type, province, start, end)
                any_sources |= found
                full = set(found) if full is None else full & found
                enough = enough and len(found) >= min_sources
            if not enough:
                uncovered.append(province)
        return CoverageSummary(
            provinces_in_scope=len(provinces),
            provinces_covered=len(provinces) - len(uncovered),
            min_sources=min_sources,
            sources=tuple(sorted(any_sources)),
            full_sources=tuple(sorted(full or ())),
            uncovered=tuple(uncovered),
        )

    @classmethod
    def from_cases(cls, cases: pd.DataFrame, *, max_gap_days: int = 92) -> Coverage:
        """Infer spells from the cases each source reported (see the module docstring).

        Args:
            cases: the cases frame (columns ``sources``, ``province``, ``event_type``,
                ``date_start``).
            max_gap_days: longest silence, in days, between two reports of a source in a
                province that still counts as continuous watching.

        Returns:
            The inferred coverage (spells not ``declared``).
        """
        needed = {"sources", "province", "event_type", "date_start"}
        if missing := needed - set(cases.columns):
            raise InputError(f"cases: missing column(s) {', '.join(sorted(missing))} for coverage")
        if cases.empty:
            return cls()
        rows = cases[["sources", "province", "event_type", "date_start"]].explode("sources")
        rows = rows.dropna(subset=["sources", "date_start"])
        types_by_source = rows.groupby("sources")["event_type"].agg(lambda s: frozenset(s.dropna()))
        rows = rows.dropna(subset=["province"])
        rows = rows.assign(day=pd.to_datetime(rows["date_start"])).sort_values(
            ["sources", "province", "day"]
        )
        new_group = (rows["sources"] != rows["sources"].shift()) | (
            rows["province"] != rows["province"].shift()
        )
        gap = rows["day"].diff() > pd.Timedelta(days=max_gap_days)
        rows = rows.assign(spell=(new_group | gap).cumsum())
        spells = rows.groupby("spell").agg(
            source=("sources", "first"),
            province=("province", "first"),
            first=("day", "min"),
            last=("day", "max"),
        )
        return cls(
            tuple(
                CoverageSpell(
                    source=str(row.source),
                    start=row.first.date(),
                    end=row.last.date() + timedelta(days=1),
                    event_types=types_by_source[row.source],
                    provinces=frozenset([str(row.province)]),
                )
                for row in spells.itertuples()
            )
        )

    @classmethod
    def from_declarations(
        cls, declarations: Iterable[Mapping[str, Any]], *, where: str = "coverage"
    ) -> Coverage:
        """Build declared spells from mappings with ``source``, ``from``, ``to`` and optional
        ``event_types`` and ``provinces`` (lists; absent means all).

        Raises:
            InputError: a declaration lacks a field or has a bad date (names its index).
        """
        spells = []
        for index, item in enumerate(declarations):
            try:
                start, end = _as_date(item["from"]), _as_date(item["to"])
                source = str(item["source"])
            except (KeyError, ValueError, TypeError) as error:
                raise InputError(
                    f"{where}: declaration [{index}] needs source, from and to "
                    f"(YYYY-MM-DD): {error}"
                ) from None
            if end <= start:
                raise InputError(
                    f"{where}: declaration [{index}]: 'to' must be after 'from' (half-open)"
                )
            types: Any = item.get("event_types")
            provinces: Any = item.get("provinces")
            spells.append(
                CoverageSpell(
                    source=source,
                    start=start,
                    end=end,
                    event_types=frozenset(types) if types not in (None, "all") else None,
                    provinces=frozenset(provinces) if provinces not in (None, "all") else None,
                    declared=True,
                )
            )
        return cls(tuple(spells))


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def load_coverage(path: str | Path) -> Coverage:
    """Read declared coverage: YAML ``coverage: [{source, from, to, event_types?, provinces?}]``.

    Raises:
        InputError: the file is missing, not YAML, or a declaration is incomplete.
    """
    import yaml

    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(f"{file}: cannot be read as YAML ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("coverage"), list):
        raise InputError(f"{file}: expected a mapping with a list under 'coverage'")
    return Coverage.from_declarations(data["coverage"], where=str(file))
