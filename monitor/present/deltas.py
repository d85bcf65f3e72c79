"""A change since an earlier month, as a page shows it: the number, which way it points and
whether that way is good for the indicator (its polarity), labelled "siden <måned>"."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.present import danish

# st.metric's colours; the arrow follows the sign, the colour the polarity
GOOD, BAD, NEUTRAL = "green", "red", "gray"


@dataclass(frozen=True)
class Change:
    points: float          # percentage points, rounded to one decimal
    text: str              # '+0,6 pct.-point', '−0,3 pct.-point', '±0,0 pct.-point'
    arrow: str             # 'up', 'down' or 'off' (st.metric's delta_arrow)
    colour: str            # GOOD, BAD or NEUTRAL (st.metric's delta_color)
    since: str             # 'siden juli 2019'


def share_change(now: float | None, before: float | None, polarity: str, before_month: str) -> Change | None:
    """The change of a share (decimal fractions) since `before_month`; None when either is
    unknown (hidden or no one in the group). A change that rounds to 0,0 points is flat."""
    if now is None or before is None:
        return None
    points = round((now - before) * 100, 1) or 0.0
    if points == 0:
        arrow, colour = "off", NEUTRAL
    else:
        arrow = "up" if points > 0 else "down"
        if polarity == "none":
            colour = NEUTRAL
        else:
            colour = GOOD if (points > 0) == (polarity == "high") else BAD
    return Change(points, danish.percent_points(now - before), arrow, colour, f"siden {danish.month_name(before_month)}")
