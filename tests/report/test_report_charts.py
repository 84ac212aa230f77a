"""The hand-written SVG chart: deterministic, well formed, drawn where data exist."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from paymaan.report.charts import ChartPoint, nice_maximum, render_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_nice_maximum() -> None:
    assert [nice_maximum(v) for v in (0, 1, 3, 37, 101, 120, 1000)] == [
        1.0,
        1.0,
        5.0,
        50.0,
        200.0,
        200.0,
        1000.0,
    ]


def test_bars_band_and_line() -> None:
    points = [
        ChartPoint("2025-05", 71, 93.0, 79.5, 117.9),
        ChartPoint("2025-06", 84, 110.0, 94.1, 139.4),
        ChartPoint("2025-07", 102),
    ]
    root = ET.fromstring(render_chart(points, "en", "Executions"))
    assert len(root.findall(f"{SVG}rect")) == 3
    assert len(root.findall(f"{SVG}polygon")) == 1  # the band over the two estimated months
    assert len(root.findall(f"{SVG}polyline")) == 1
    assert root.find(f"{SVG}title").text == "Executions"
    # y axis: nice maximum of 139.4 is 200; the bar of 102 of a 168-pixel-high plot
    # (220 - 12 - 40) is 168 * 102 / 200 = 85.68 high.
    heights = [float(r.get("height")) for r in root.findall(f"{SVG}rect")]
    assert heights[2] == 85.68


def test_single_estimated_period_is_an_interval_bar() -> None:
    svg = render_chart([ChartPoint("a", 3), ChartPoint("b", 4, 6.0, 4.0, 9.0)], "en", "t")
    assert "<polygon" not in svg
    assert 'stroke-width="6"' in svg


def test_persian_edition_writes_persian_digits() -> None:
    svg = render_chart([ChartPoint("2025-05", 12)], "fa", "اعدام‌ها")
    assert "۲۰۲۵-۰۵" in svg and ">۲۰<" in svg
    assert not re.search(r">[^<]*[0-9][^<]*</text>", svg)


values = st.one_of(st.none(), st.floats(min_value=0, max_value=1e6), st.just(math.nan))


@given(st.lists(st.tuples(st.integers(0, 10**6), values, values, values), min_size=0, max_size=40))
def test_any_series_gives_the_same_well_formed_svg(rows: list[tuple]) -> None:
    points = [ChartPoint(f"p{i}", d, e, lo, hi) for i, (d, e, lo, hi) in enumerate(rows)]
    first = render_chart(points, "en", "t")
    assert first == render_chart(points, "en", "t")
    ET.fromstring(first)
    numbers = re.findall(r'(?<![\w-])(?:x|y|x1|x2|y1|y2|width|height|cx|cy)="([^"]+)"', first)
    assert all(re.fullmatch(r"-?\d+\.\d\d", n) for n in numbers)
    assert "nan" not in first.lower() and "inf" not in first.lower()
