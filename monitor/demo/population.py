"""The synthetic population behind the demonstration data: who is on which benefit in which
week, who is visited to which group when, offers, job brokers and ordinary hours.

Everything is simulated vectorised with numpy over persons: benefit weeks as one matrix
(persons x weeks, one byte per cell), monthly events as person x month arrays. A Python loop
runs at most over months or municipalities, never over persons or person-weeks.
`monitor.demo.writer` turns a `Population` into the monthly extract files.

The numbers below are parameters of the demonstration only (calibrated so that December 2018
reproduces the published national figures of the programme); programme constants come from
the programme settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from monitor.core import calendar, reference
from monitor.core.settings import Settings

# benefit codes in the matrix (0 = no benefit that week); order = index
BENEFIT_CODES = ("", "KH", "UH", "IY", "RF", "FJ", "LY", "FP", "JA", "RE", "SD", "DP", "SU", "OT", "NO")
B = {code: i for i, code in enumerate(BENEFIT_CODES) if code}
MATCH_CODES = ("", "J", "U", "A")
MARKING_CODES = ("FSM1", "FSM2", "FSM3", "PJF", "FRI")
OFFER_CODES = ("VP", "LTP", "LTO", "NY", "VO", "ME")
HISTORY_START = "2010-W01"  # the first extract carries benefit weeks from here

# Near-miss and target-group categories (person.category); see CATEGORY_NAMES.
G_PLAIN, G_GAP4, G_OTHER_IN_GAP, G_OLD_INTEGRATION = 0, 1, 2, 3
NM_SHORT, NM_BROKEN, NM_BROKEN_OTHER, NM_JOB_READY, NM_INTEGRATION, NM_GAP_AT_R, SHORT_TERM = 4, 5, 6, 7, 8, 9, 10
CATEGORY_NAMES = {
    G_PLAIN: "target group",
    G_GAP4: "target group, a gap of exactly 4 weeks",
    G_OTHER_IN_GAP: "target group, another benefit inside a gap of at most 4 weeks",
    G_OLD_INTEGRATION: "target group, integration programme ended more than 5 years before R",
    NM_SHORT: "near miss: spell of 4 to 5 years",
    NM_BROKEN: "near miss: spell broken by a gap of 5 weeks or more",
    NM_BROKEN_OTHER: "near miss: gap of 5 weeks or more holding other benefits",
    NM_JOB_READY: "near miss: job- or education-ready at R",
    NM_INTEGRATION: "near miss: integration programme ended less than 5 years before R",
    NM_GAP_AT_R: "near miss: long spell, but no cash-system week at R",
    SHORT_TERM: "short-term recipient",
}
TARGET_CATEGORIES = (G_PLAIN, G_GAP4, G_OTHER_IN_GAP, G_OLD_INTEGRATION)

# persons per category at national scale, relative to the qualifiers (G_* together)
QUALIFIERS = 26_300
CATEGORY_SHARE = {  # of the qualifiers: sub-kinds of G
    G_GAP4: 0.06, G_OTHER_IN_GAP: 0.05, G_OLD_INTEGRATION: 0.04,
}
NEAR_MISS_SHARE = {  # relative to the qualifiers
    NM_SHORT: 0.13, NM_BROKEN: 0.06, NM_BROKEN_OTHER: 0.035, NM_JOB_READY: 0.12,
    NM_INTEGRATION: 0.05, NM_GAP_AT_R: 0.02, SHORT_TERM: 0.12,
}

# relative rate of long-term recipients per inhabitant: cities, islands and the coast high,
# wealthy suburbs low (default 1.0)
SOCIAL_MIX = {
    101: 1.35, 147: 0.8, 151: 1.1, 153: 1.55, 155: 0.35, 157: 0.3, 159: 0.95, 161: 1.1,
    163: 1.0, 165: 1.55, 167: 1.2, 169: 1.35, 173: 0.4, 175: 1.15, 183: 1.75, 185: 0.9,
    187: 0.8, 190: 0.5, 201: 0.35, 210: 0.85, 217: 1.1, 219: 0.75, 223: 0.35, 230: 0.3,
    240: 0.45, 250: 0.8, 253: 0.8, 259: 0.9, 260: 1.5, 265: 0.8, 269: 0.45, 270: 0.7,
    306: 1.7, 316: 1.2, 320: 1.0, 326: 1.6, 329: 1.2, 330: 1.6, 336: 0.8, 340: 0.9,
    350: 0.55, 360: 2.2, 370: 1.4, 376: 1.7, 390: 1.5, 400: 1.6, 410: 0.7, 420: 0.95,
    430: 0.95, 440: 1.1, 450: 1.2, 461: 1.5, 479: 1.4, 480: 1.0, 482: 1.9, 492: 1.4,
    510: 1.1, 530: 0.6, 540: 1.1, 550: 1.1, 561: 1.3, 563: 0.6, 573: 0.65, 575: 0.8,
    580: 1.1, 607: 1.3, 615: 1.0, 621: 0.9, 630: 0.9, 657: 0.8, 661: 0.85, 665: 0.6,
    671: 0.9, 706: 0.85, 707: 1.4, 710: 0.5, 727: 0.6, 730: 1.3, 740: 0.8, 741: 0.9,
    746: 0.5, 751: 1.05, 756: 0.75, 760: 0.55, 766: 0.6, 773: 1.3, 779: 1.05, 787: 1.0,
    791: 0.8, 810: 0.9, 813: 1.5, 820: 1.1, 825: 1.2, 840: 0.6, 846: 1.1, 849: 1.0,
    851: 1.3, 860: 1.3,
}

# behaviour (national level; municipalities vary around it)
RATES = {
    "death_emigration": 0.0013,   # per person and month
    "move": 0.0025,               # per person and month
    "group_2": 0.338, "group_3": 0.145,  # visitation groups among the visited
    "revisit": 0.05,              # visited persons re-visited later to another group
    "offer_start": 0.109,          # group 1, per month, at full ramp
    "offer_months": 3.0,          # mean length of a company-directed offer
    "hours_on_benefit": 0.05,     # group 1 on benefit with some ordinary hours, per month
    "job_exit": 0.0092,           # group 1 leaving benefit for work, per month at full ramp
    "job_return": 0.04,           # back on cash benefit, per month
    "education_exit": 0.0015, "flexjob_exit": 0.0015,
    "exempt": 0.004,              # FRI per month
    "job_broker": 0.74,           # share of group 1 that gets a personal job broker
    "g2_delay_months": 5.5,       # median months from group 2 to another benefit
    "g2_stuck": 0.11,             # group 2 never moving on within the project
    "g2_offer_start": 0.148, "g2_offer_months": 4.0,
}


@dataclass
class Spells:
    """Markings or offers: one row per spell (dates as days since 1970-01-01, -1 = open)."""
    person: np.ndarray
    code: np.ndarray
    from_day: np.ndarray
    to_day: np.ndarray
    repeat_month: np.ndarray | None = None  # >= 0: a row repeated as is in that month's extract


@dataclass
class Population:
    months: list[str]                 # monitored months (extract months)
    weeks: np.ndarray                 # week index (monitor.core.calendar) of each matrix column
    week_month: np.ndarray            # monitored month index of each column (<= 0: first extract)
    person_number: np.ndarray         # the number in the pseudonymous id
    category: np.ndarray
    birth_year: np.ndarray
    sex: np.ndarray                   # 0 = M, 1 = K
    integration_end: np.ndarray       # days since 1970-01-01, -1 = none
    municipality: np.ndarray          # persons x months, municipality code
    present: np.ndarray               # persons x months, listed in the snapshot
    benefit: np.ndarray               # persons x weeks, the final (corrected) truth
    reported: np.ndarray              # persons x weeks, as first reported
    match: np.ndarray                 # persons x weeks, match category of cash weeks
    corrections: tuple                # (person, column, month of the correcting extract)
    markings: Spells
    offers: Spells
    hours: tuple                      # (person, month index, hours)
    extras: dict = field(default_factory=dict)


def _days(date_text) -> int:
    return int(np.datetime64(date_text, "D").astype(np.int64))


def simulate(settings: Settings, scale: float = 1.0, seed: int = 2017) -> Population:
    rng = np.random.default_rng(seed)
    months = settings.monitored_months()
    n_months = len(months)
    first_abs = _month_abs(months[0])

    # --- time axis ---------------------------------------------------------------------
    w0 = calendar.iso_week_to_index(HISTORY_START)
    w1 = calendar.last_week_index_of_month(months[-1])
    weeks = np.arange(w0, w1 + 1, dtype=np.int32)
    n_weeks = len(weeks)
    thursday = np.datetime64("1970-01-08", "D") + 7 * weeks.astype(np.int64)
    week_month = (thursday.astype("datetime64[M]").astype(np.int64) - first_abs).astype(np.int32)
    r_col = settings.reference_week_index - w0
    month_first_col = np.searchsorted(week_month, np.arange(n_months + 1))  # n_months+1: end
    month_d0 = np.array([_days(calendar.month_first_day(m)) for m in months], dtype=np.int64)
    month_len = np.array([calendar.month_last_day(m).day for m in months], dtype=np.int64)
    min_weeks, max_gap = settings.minimum_spell_weeks, settings.max_gap_weeks

    # --- municipalities ----------------------------------------------------------------
    munis = reference.municipalities().sort("municipality_code")
    codes = munis["municipality_code"].to_numpy().astype(np.int16)
    n_munis = len(codes)
    social = np.array([SOCIAL_MIX.get(int(c), 1.0) for c in codes])
    weight = munis["population_2019"].to_numpy() * social * rng.lognormal(0.0, 0.18, n_munis)
    weight = weight / weight.sum()
    participating = ~np.isin(codes, np.array(settings.non_participating))
    profile = _municipality_profiles(rng, codes, weight, participating, n_months)

    # --- persons ----------------------------------------------------------------------
    n_qual = max(int(round(QUALIFIERS * scale)), 20)
    counts = {G_PLAIN: 0}
    for cat, share in CATEGORY_SHARE.items():
        counts[cat] = max(int(round(n_qual * share)), 2)
    counts[G_PLAIN] = n_qual - sum(counts.values())
    for cat, share in NEAR_MISS_SHARE.items():
        counts[cat] = max(int(round(n_qual * share)), 2)
    category = np.concatenate([np.full(n, cat, dtype=np.int8) for cat, n in sorted(counts.items())])
    n = len(category)
    muni_idx = rng.choice(n_munis, size=n, p=weight)
    is_g = np.isin(category, TARGET_CATEGORIES)

    birth_year = np.clip(np.round(rng.normal(1972, 10.5, n)), 1953, 1996).astype(np.int16)
    young = rng.random(n) < 0.12
    birth_year[young] = rng.integers(1988, 1996, young.sum())
    sex = (rng.random(n) < 0.52).astype(np.int8)
    integration = np.isin(category, (G_OLD_INTEGRATION, NM_INTEGRATION)) | (
        np.isin(category, (NM_SHORT, NM_JOB_READY, SHORT_TERM)) & (rng.random(n) < 0.08)
    )
    cash_code = np.where(birth_year >= 1988, B["UH"], B["KH"]).astype(np.uint8)
    cash_code[integration] = B["IY"]

    # --- benefit history up to and around R --------------------------------------------
    col = np.arange(n_weeks, dtype=np.int32)
    start = np.zeros(n, dtype=np.int32)
    end = (r_col + rng.geometric(1 / 90, n)).astype(np.int32)  # last cash week (non-G)
    long_spell = rng.integers(min_weeks + 2, r_col + 2, n)
    from_origin = rng.random(n) < 0.35
    g_start = np.where(from_origin, 0, r_col + 1 - long_spell)
    start[:] = g_start
    sel = category == NM_SHORT
    start[sel] = r_col + 1 - rng.integers(min_weeks - 52, min_weeks, sel.sum())
    sel = category == SHORT_TERM
    start[sel] = rng.integers(r_col - 150, n_weeks - 10, sel.sum())
    end[sel] = start[sel] + rng.integers(6, 90, sel.sum())
    end[is_g] = n_weeks - 1  # G stays on cash unless an event of the programme period says else
    integration_end = np.full(n, -1, dtype=np.int64)
    ipe_week = np.full(n, -1, dtype=np.int32)
    sel = category == G_OLD_INTEGRATION
    ipe_week[sel] = rng.integers(2, r_col - min_weeks - 1, sel.sum())
    sel = category == NM_INTEGRATION
    ipe_week[sel] = rng.integers(r_col - min_weeks + 8, r_col - 20, sel.sum())
    sel = integration & (ipe_week < 0)  # others with a completed programme: long ago
    ipe_week[sel] = rng.integers(0, 60, sel.sum())
    has_ipe = ipe_week >= 0
    integration_end[has_ipe] = _days("1970-01-05") + 7 * (weeks[ipe_week[has_ipe]].astype(np.int64)) + rng.integers(0, 5, has_ipe.sum())

    benefit = np.zeros((n, n_weeks), dtype=np.uint8)
    on = (col[None, :] >= start[:, None]) & (col[None, :] <= end[:, None])
    benefit[on] = np.broadcast_to(cash_code[:, None], (n, n_weeks))[on]
    del on

    # earlier spells before a near miss's short spell (ended at least 5 weeks before it)
    sel = np.flatnonzero((category == NM_SHORT) & (rng.random(n) < 0.5))
    gap = rng.integers(max_gap + 1, 30, len(sel))
    old_end = start[sel] - gap - 1
    old_start = np.maximum(old_end - rng.integers(10, 120, len(sel)), 0)
    _fill(benefit, sel, old_start, old_end, cash_code[sel])

    # small gaps of 1-3 weeks: at most one per 20-week segment, never merging
    seg = 20
    n_seg = (r_col - 4) // seg
    seg_start = r_col - 4 - seg * (np.arange(n_seg) + 1)
    has_gap = rng.random((n, n_seg)) < 0.06
    gap_pos = seg_start[None, :] + rng.integers(3, seg - 5, (n, n_seg))
    gap_len = rng.integers(1, 4, (n, n_seg))
    rows, segs = np.nonzero(has_gap & (gap_pos > start[:, None] + 1))
    _fill(benefit, rows, gap_pos[rows, segs], gap_pos[rows, segs] + gap_len[rows, segs] - 1, 0)

    # a gap of exactly max_gap weeks in the last segment before R (does not break the spell)
    sel = np.flatnonzero(category == G_GAP4)
    _fill(benefit, sel, np.full(len(sel), r_col - 30), np.full(len(sel), r_col), cash_code[sel])
    pos = r_col - rng.integers(8, 26, len(sel))
    _fill(benefit, sel, pos - max_gap + 1, pos, 0)
    # another benefit inside a gap of at most max_gap weeks
    sel = np.flatnonzero(category == G_OTHER_IN_GAP)
    pos = r_col - rng.integers(30, min_weeks - 20, len(sel))
    glen = rng.integers(2, max_gap + 1, len(sel))
    _fill(benefit, sel, pos - glen - 2, pos + 2, cash_code[sel])
    _fill(benefit, sel, pos - glen + 1, pos, rng.choice([B["SD"], B["OT"], B["DP"]], len(sel)).astype(np.uint8))
    # spells broken by a gap of 5 weeks or more (empty, or holding other benefits)
    for cat, other in ((NM_BROKEN, False), (NM_BROKEN_OTHER, True)):
        sel = np.flatnonzero(category == cat)
        pos = r_col - rng.integers(15, min_weeks - 10, len(sel))
        glen = rng.integers(max_gap + 1, 13, len(sel))
        _fill(benefit, sel, pos - glen - 2, pos + 2, cash_code[sel])
        code = rng.choice([B["SD"], B["DP"], B["OT"], B["JA"]], len(sel)).astype(np.uint8) if other else 0
        _fill(benefit, sel, pos - glen + 1, pos, code)
    # long spell, but no cash week at R itself
    sel = np.flatnonzero(category == NM_GAP_AT_R)
    glen = rng.integers(1, max_gap + 1, len(sel))
    off = rng.integers(0, glen)
    _fill(benefit, sel, r_col - off, r_col - off + glen - 1, 0)
    # G: the cash week at R is certain
    benefit[is_g, r_col] = cash_code[is_g]
    benefit[np.ix_(np.flatnonzero(is_g), np.arange(r_col - 1, r_col + 2))] = cash_code[is_g][:, None]

    match = np.where(benefit > 0, np.uint8(3), np.uint8(0))
    sel = np.flatnonzero(category == NM_JOB_READY)
    ready = np.where(rng.random(len(sel)) < 0.7, 1, 2).astype(np.uint8)
    cols_ready = slice(r_col - 26, n_weeks)
    sub = match[sel, cols_ready]
    match[sel, cols_ready] = np.where(sub > 0, ready[:, None], sub)
    # some earlier job-ready periods in the target group's history (irrelevant at R)
    sel = np.flatnonzero(is_g & (rng.random(n) < 0.15))
    a = rng.integers(0, r_col - 40, len(sel))
    _fill_where(match, sel, a, a + rng.integers(4, 30, len(sel)), 1)

    # --- lives over the programme period ----------------------------------------------
    gone = rng.random((n, n_months)) < RATES["death_emigration"]
    gone[:, 0] = False
    gone_month = np.where(gone.any(axis=1), gone.argmax(axis=1), n_months)
    present = np.arange(n_months)[None, :] < gone_month[:, None]
    municipality = np.repeat(codes[muni_idx][:, None], n_months, axis=1)
    moves = rng.random((n, n_months)) < RATES["move"]
    moves[:, 0] = False
    mover = np.flatnonzero(moves.any(axis=1))
    move_month = moves[mover].argmax(axis=1)
    new_muni = codes[rng.choice(n_munis, size=len(mover), p=weight)]
    later = np.arange(n_months)[None, :] >= move_month[:, None]
    municipality[mover] = np.where(later, new_muni[:, None], municipality[mover])
    # gone: no benefit after leaving
    left = np.flatnonzero(gone_month < n_months)
    _fill(benefit, left, month_first_col[gone_month[left]], np.full(len(left), n_weeks - 1), 0)

    # --- the programme: visitation, groups, effort ------------------------------------
    g_rows = np.flatnonzero(is_g)
    state = _programme(np.random.default_rng([seed, 2]), settings, profile, muni_idx[g_rows], birth_year[g_rows], gone_month[g_rows],
                       n_months, month_d0, month_len)
    # benefits of the target group over the programme period: status per month -> weeks
    status = state.pop("status")  # (nG, n_months) benefit code per month, 255 = unchanged cash
    post = np.flatnonzero(week_month >= 0)
    monthly = status[:, week_month[post]]
    sub = benefit[np.ix_(g_rows, post)]
    sub = np.where(monthly == 255, sub, monthly)
    benefit[np.ix_(g_rows, post)] = sub
    match[np.ix_(g_rows, post)] = np.where(sub > 0, np.where(sub <= 3, 3, 0), 0).astype(np.uint8)
    # occasional single weeks without benefit among those on cash (not in the last week of a month)
    last_cols = month_first_col[1:] - 1
    blip = (rng.random(sub.shape) < 0.004) & (sub >= 1) & (sub <= 3) & ~np.isin(post, last_cols)[None, :]
    r_, c_ = np.nonzero(blip)
    benefit[g_rows[r_], post[c_]] = 0
    match[g_rows[r_], post[c_]] = 0
    match[benefit == 0] = 0
    match[(benefit > 3)] = 0

    # --- corrections: later extracts restate some earlier weeks -------------------------
    reported = benefit.copy()
    cand = np.flatnonzero((week_month >= 1) & (week_month <= n_months - 2))
    n_corr = int(round(len(g_rows) * 0.25))
    cr = g_rows[rng.integers(0, len(g_rows), n_corr)]
    cc = cand[rng.integers(0, len(cand), n_corr)]
    cr, cc = _unique_cells(cr, cc, n_weeks)
    alive = present[cr, week_month[cc]]
    cr, cc = cr[alive], cc[alive]
    truth = benefit[cr, cc]
    first = np.where(truth > 0, np.where(rng.random(len(cr)) < 0.7, 0, B["OT"]), B["KH"]).astype(np.uint8)
    reported[cr, cc] = first
    corr_month = np.minimum(week_month[cc] + rng.integers(1, 3, len(cr)), n_months - 1)

    # shuffle the rows so that the id order (= row order) says nothing about the category
    order = np.random.default_rng([seed, 1]).permutation(n)  # own stream: stable under tuning
    new_row = np.empty(n, dtype=np.int64)
    new_row[order] = np.arange(n)
    markings = _remap(state["markings"], new_row[g_rows])
    offers = _remap(state["offers"], new_row[g_rows])
    h_person, h_month, h_value = state["hours"]
    return Population(
        months=months, weeks=weeks, week_month=week_month,
        person_number=np.arange(1, n + 1, dtype=np.int64),
        category=category[order], birth_year=birth_year[order], sex=sex[order],
        integration_end=integration_end[order], municipality=municipality[order],
        present=present[order], benefit=benefit[order], reported=reported[order], match=match[order],
        corrections=(new_row[cr], cc, corr_month),
        markings=markings, offers=offers,
        hours=(new_row[g_rows[h_person]], h_month, h_value),
        extras={"r_col": r_col, "month_first_col": month_first_col, "g_rows": np.sort(new_row[g_rows]),
                "participating_codes": codes[participating], "profile": profile, "codes": codes,
                "state": state, "g_order": new_row[g_rows]},
    )


def _month_abs(month: str) -> int:
    year, mon = calendar.parse_month(month)
    return (year - 1970) * 12 + mon - 1


def _fill(matrix: np.ndarray, rows, first, last, value) -> None:
    """matrix[row, first..last] = value for each row (inclusive ranges, clipped)."""
    rows = np.asarray(rows)
    if len(rows) == 0:
        return
    first = np.clip(np.asarray(first), 0, matrix.shape[1] - 1)
    last = np.clip(np.asarray(last), -1, matrix.shape[1] - 1)
    length = np.maximum(last - first + 1, 0)
    r = np.repeat(rows, length)
    c = np.repeat(first, length) + (np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length))
    v = np.repeat(np.broadcast_to(np.asarray(value, dtype=matrix.dtype), rows.shape), length)
    matrix[r, c] = v


def _fill_where(matrix: np.ndarray, rows, first, last, value) -> None:
    """Like _fill, but only on cells that are not zero."""
    rows = np.asarray(rows)
    first = np.clip(np.asarray(first), 0, matrix.shape[1] - 1)
    last = np.clip(np.asarray(last), -1, matrix.shape[1] - 1)
    length = np.maximum(last - first + 1, 0)
    r = np.repeat(rows, length)
    c = np.repeat(first, length) + (np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length))
    keep = matrix[r, c] > 0
    matrix[r[keep], c[keep]] = value


def _unique_cells(rows, cols, width):
    key = np.unique(rows.astype(np.int64) * width + cols)
    return (key // width).astype(np.int64), (key % width).astype(np.int64)


def _remap(spells: Spells, g_rows: np.ndarray) -> Spells:
    return Spells(g_rows[spells.person], spells.code, spells.from_day, spells.to_day, spells.repeat_month)


def _municipality_profiles(rng, codes, weight, participating, n_months) -> dict:
    """How each municipality runs the programme: speed of visitation, effort, group 2."""
    n = len(codes)
    prof = {
        # month index by which visitation is done (0 = 2017-08)
        "visit_end": rng.choice([4, 5, 6, 7, 8, 9], size=n, p=[0.12, 0.2, 0.25, 0.22, 0.13, 0.08]),
        "never_share": np.where(rng.random(n) < 0.35, rng.uniform(0.004, 0.03, n), 0.0),
        "group_2": np.clip(rng.normal(RATES["group_2"], 0.035, n), 0.2, 0.5),
        "group_3": np.clip(rng.normal(RATES["group_3"], 0.025, n), 0.03, 0.2),
        "offer": rng.lognormal(0.0, 0.10, n),
        "hours": rng.lognormal(0.0, 0.10, n),
        "jobs": rng.lognormal(0.0, 0.12, n),
        "broker": np.clip(rng.normal(RATES["job_broker"], 0.05, n), 0.3, 0.95),
        "broker_start": rng.choice([0, 1, 2, 3, 4, 6, 8], size=n),
        "g2_delay": rng.lognormal(np.log(RATES["g2_delay_months"]), 0.25, n),
        "g2_offer": rng.lognormal(0.0, 0.10, n),
    }
    # distinct roles among the participating municipalities of some size, drawn at random:
    # leaders (instalment 3 early), laggards on one driver each, slow visitors, group-2 queues
    # (not the few largest, whose role would move the national figures themselves)
    w = weight[participating]
    big = np.flatnonzero(participating & (weight > np.quantile(w, 0.3)) & (weight < np.quantile(w, 0.94)))
    roles = rng.permutation(big)
    take = iter(range(len(roles)))

    def pick(k):
        return roles[[next(take) for _ in range(k)]]

    for i in pick(4):  # leaders: much company-directed effort and ordinary hours
        prof["offer"][i] *= 1.8
        prof["hours"][i] *= 1.5
        prof["jobs"][i] *= 1.4
        prof["visit_end"][i] = 4
        prof["never_share"][i] = 0.0
    for i in pick(3):
        prof["offer"][i] *= 0.4
    for i in pick(3):
        prof["hours"][i] *= 0.35
        prof["jobs"][i] *= 0.5
    for i in pick(3):
        prof["broker"][i] = 0.2
    for i in pick(3):  # slow visitors
        prof["visit_end"][i] = 14
        prof["never_share"][i] = 0.06
    for i in pick(4):  # most of the group-2 waiting
        prof["g2_delay"][i] = 30.0
    for i in pick(3):
        prof["g2_offer"][i] *= 0.3
    prof["visit_end"] = np.minimum(prof["visit_end"], n_months - 1)
    return prof


def _programme(rng, settings, prof, muni, birth_year, gone_month, n_months, month_d0, month_len) -> dict:
    """Visitation and effort for the target group (rows = G persons, columns = months)."""
    n = len(muni)
    m_idx = np.arange(n_months)
    never = 10_000

    def day_in(month):
        month = np.asarray(month)
        return month_d0[month] + (rng.random(month.shape) * month_len[month]).astype(np.int64)

    # visitation month: front-loaded between August 2017 and the municipality's end month
    vend = prof["visit_end"][muni]
    visit = np.floor(rng.beta(1.2, 2.2, n) * (vend + 1)).astype(np.int64)
    visit[rng.random(n) < prof["never_share"][muni]] = never
    visit[visit >= gone_month] = never
    visited = visit < never
    age = 2017 - birth_year
    p2 = np.clip(prof["group_2"][muni] * (0.55 + 0.9 * (age - 25) / 40), 0.05, 0.8)
    p3 = prof["group_3"][muni]
    u = rng.random(n)
    group = np.where(u < p2, 2, np.where(u < p2 + p3, 3, 1))
    visit_day = np.where(visited, day_in(np.minimum(visit, n_months - 1)), -1)

    # re-visitation to another group some months later
    rev = visited & (rng.random(n) < RATES["revisit"])
    rev_month = visit + rng.integers(2, 6, n)
    rev &= rev_month < np.minimum(gone_month, n_months)
    first_group = group.copy()
    to_two = rng.random(n) < 0.45
    group = np.where(rev, np.where(first_group == 1, np.where(to_two, 2, 3), np.where(first_group == 2, 1, np.where(to_two, 2, 1))), group)
    rev_day = np.where(rev, day_in(np.minimum(rev_month, n_months - 1)), -1)
    # the month the final group starts
    active_from = np.where(rev, rev_month, visit)

    mk_person, mk_code, mk_from, mk_to = [], [], [], []

    def add_markings(rows, code, frm, to):
        mk_person.append(np.asarray(rows, dtype=np.int64))
        mk_code.append(np.full(len(rows), code, dtype=np.int8))
        mk_from.append(np.asarray(frm, dtype=np.int64))
        mk_to.append(np.asarray(to, dtype=np.int64))

    v_rows = np.flatnonzero(visited)
    close_first = rev & (rng.random(n) < 0.5)  # the other half stay open: overlapping markings
    first_to = np.where(close_first, rev_day - 1, -1)
    for g in (1, 2, 3):
        rows = v_rows[first_group[v_rows] == g]
        add_markings(rows, g - 1, visit_day[rows], first_to[rows])
        rows = np.flatnonzero(rev & (group == g))
        add_markings(rows, g - 1, rev_day[rows], np.full(len(rows), -1))

    status = np.full((n, n_months), 255, dtype=np.uint8)
    hours_p, hours_m, hours_v = [], [], []
    of_person, of_code, of_from, of_to = [], [], [], []
    ramp = np.clip(0.35 + 0.65 * m_idx / 16, 0, 1.12)
    ramp = np.where(m_idx > 16, 1.0 + 0.12 * (m_idx - 16) / 8, ramp)

    in_1 = (group == 1) & visited
    in_2 = (group == 2) & visited
    in_3 = (group == 3) & visited
    active = (m_idx[None, :] >= active_from[:, None]) & (m_idx[None, :] < gone_month[:, None])

    # group 1: monthly chain (vectorised over persons)
    employed = np.zeros(n, dtype=bool)
    left_for = np.zeros(n, dtype=np.uint8)  # SU / FJ: left the cash system for good
    offer_left = np.zeros(n, dtype=np.int64)
    offer_start = np.full(n, -1, dtype=np.int64)
    exempt_left = np.zeros(n, dtype=np.int64)
    g2_offer_left = np.zeros(n, dtype=np.int64)
    g2_offer_start = np.full(n, -1, dtype=np.int64)
    emp_start = np.full(n, -1, dtype=np.int64)
    g2_kind = rng.choice([0, 3, 4], size=n, p=[0.2, 0.2, 0.6])  # VP, NY, VO while waiting
    # months until another benefit; teams had caught up with cases visited after March 2018
    delay = rng.exponential(1.0, n) * prof["g2_delay"][muni] / np.log(2) * np.where(active_from >= 8, 0.5, 1.0)
    g2_change = np.where(in_2, active_from + np.ceil(delay).astype(np.int64), never)
    g2_change[in_2 & (rng.random(n) < RATES["g2_stuck"])] = never
    g2_code = rng.choice([B["RF"], B["FJ"], B["FP"], B["JA"], B["SD"]], size=n, p=[0.5, 0.16, 0.26, 0.05, 0.03]).astype(np.uint8)
    g3_fp = np.where(in_3 & (rng.random(n) < 0.08), active_from + rng.integers(3, 24, n), never)
    offer_type = rng.choice([0, 1, 2], size=n, p=[0.6, 0.2, 0.2])
    offer_mult = prof["offer"][muni]
    hours_mult = prof["hours"][muni]
    jobs_mult = prof["jobs"][muni]

    def close_offers(ending, m, person_start, code_of):
        rows = np.flatnonzero(ending)
        of_person.append(rows)
        of_code.append(code_of[rows].astype(np.int8))
        frm = day_in(person_start[rows])
        of_from.append(frm)
        of_to.append(np.maximum(day_in(np.full(len(rows), m)), frm))

    for m in range(n_months):
        act1 = in_1 & active[:, m]
        # employment: leave, return
        ret = employed & act1 & (rng.random(n) < RATES["job_return"])
        employed &= ~ret
        new_job = act1 & ~employed & (left_for == 0) & (offer_left == 0) & (
            rng.random(n) < RATES["job_exit"] * jobs_mult * ramp[m])
        employed |= new_job
        emp_start[new_job] = m
        leave = act1 & ~employed & (left_for == 0)
        su = leave & (rng.random(n) < RATES["education_exit"] * ramp[m])
        fj = leave & ~su & (rng.random(n) < RATES["flexjob_exit"] * ramp[m])
        left_for[su] = B["SU"]
        left_for[fj] = B["FJ"]
        status[employed & act1, m] = 0
        sel = (left_for > 0) & act1
        status[sel, m] = left_for[sel]
        # company-directed offers
        can = act1 & ~employed & (left_for == 0) & (offer_left == 0)
        start_o = can & (rng.random(n) < RATES["offer_start"] * offer_mult * ramp[m])
        dur = 1 + rng.geometric(1 / RATES["offer_months"], n) - 1
        offer_left[start_o] = dur[start_o]
        offer_start[start_o] = m
        in_offer = offer_left > 0
        ending = in_offer & ((offer_left == 1) | ~active[:, min(m + 1, n_months - 1)] | employed)
        if m == n_months - 1:
            ending_closed = ending & (offer_left == 1)
            open_rows = np.flatnonzero(in_offer & ~ending_closed)
            of_person.append(open_rows)
            of_code.append(offer_type[open_rows].astype(np.int8))
            of_from.append(day_in(offer_start[open_rows]))
            of_to.append(np.full(len(open_rows), -1, dtype=np.int64))
            ending = ending_closed
        close_offers(ending, m, offer_start, offer_type)
        offer_left = np.where(in_offer, offer_left - 1, 0)
        offer_left[ending] = 0
        # ordinary hours: employed (full months) or a few hours beside the benefit
        with_hours = act1 & ~employed & (left_for == 0) & (
            rng.random(n) < RATES["hours_on_benefit"] * hours_mult * ramp[m])
        rows = np.flatnonzero(employed & act1)
        hours_p.append(rows)
        hours_m.append(np.full(len(rows), m))
        hours_v.append(np.round(rng.uniform(55, 160, len(rows)) * 2) / 2)
        rows = np.flatnonzero(with_hours)
        hours_p.append(rows)
        hours_m.append(np.full(len(rows), m))
        hours_v.append(np.round(rng.gamma(1.6, 14.0, len(rows)) * 2) / 2 + 0.5)
        # exemptions (FRI)
        fri = act1 & (exempt_left == 0) & (rng.random(n) < RATES["exempt"])
        fri_len = rng.integers(2, 7, n)
        rows = np.flatnonzero(fri)
        end_m = m + fri_len[rows] - 1
        add_markings(rows, 4, day_in(np.full(len(rows), m)),
                     np.where(end_m < n_months, day_in(np.minimum(end_m, n_months - 1)), -1))
        exempt_left[fri] = fri_len[fri]
        exempt_left = np.maximum(exempt_left - 1, 0)

        # group 2: waiting on cash, then another benefit
        act2 = in_2 & active[:, m]
        moved_on = act2 & (m >= g2_change)
        status[moved_on, m] = g2_code[moved_on]
        waiting = act2 & ~moved_on
        can = waiting & (g2_offer_left == 0)
        start_o = can & (rng.random(n) < RATES["g2_offer_start"] * prof["g2_offer"][muni])
        g2_offer_left[start_o] = rng.geometric(1 / RATES["g2_offer_months"], n)[start_o]
        g2_offer_start[start_o] = m
        in_offer = g2_offer_left > 0
        ending = in_offer & ((g2_offer_left == 1) | (m + 1 >= g2_change) | ~active[:, min(m + 1, n_months - 1)])
        if m == n_months - 1:
            ending_closed = ending & (g2_offer_left == 1)
            open_rows = np.flatnonzero(in_offer & ~ending_closed)
            of_person.append(open_rows)
            of_code.append(g2_kind[open_rows].astype(np.int8))
            of_from.append(day_in(g2_offer_start[open_rows]))
            of_to.append(np.full(len(open_rows), -1, dtype=np.int64))
            ending = ending_closed
        close_offers(ending, m, g2_offer_start, g2_kind)
        g2_offer_left = np.where(in_offer, g2_offer_left - 1, 0)
        g2_offer_left[ending] = 0

        # group 3: mostly stay; a few to disability pension
        act3 = in_3 & active[:, m] & (m >= g3_fp)
        status[act3, m] = B["FP"]

    # personal job brokers for group 1
    pjf = in_1 & (rng.random(n) < prof["broker"][muni])
    pjf_month = np.maximum(active_from, prof["broker_start"][muni]) + rng.geometric(0.3, n) - 1
    pjf &= pjf_month < np.minimum(gone_month, n_months)
    rows = np.flatnonzero(pjf)
    pjf_day = day_in(np.minimum(pjf_month[rows], n_months - 1))
    ends = rng.random(len(rows)) < 0.15
    end_month = pjf_month[rows] + rng.integers(4, 14, len(rows))
    pjf_to = np.where(ends & (end_month < n_months), day_in(np.minimum(end_month, n_months - 1)), -1)
    add_markings(rows, 3, pjf_day, pjf_to)

    # mentor support for some in group 3 (not an active offer)
    rows = np.flatnonzero(in_3 & (rng.random(n) < 0.2))
    st = np.minimum(active_from[rows] + rng.integers(1, 6, len(rows)), n_months - 1)
    of_person.append(rows)
    of_code.append(np.full(len(rows), 5, dtype=np.int8))
    of_from.append(day_in(st))
    en = st + rng.integers(2, 8, len(rows))
    of_to.append(np.where(en < n_months, day_in(np.minimum(en, n_months - 1)), -1))

    n_spells = sum(len(x) for x in mk_person)
    # a re-visiting job centre re-sends the earlier, still open group marking with the new one:
    # the extract then holds overlapping group markings (a data-quality warning of the core)
    rows = np.flatnonzero(rev & ~close_first)
    add_markings(rows, first_group[rows] - 1, visit_day[rows], np.full(len(rows), -1))
    repeat = np.concatenate([np.full(n_spells, -1), rev_month[rows]])
    markings = Spells(np.concatenate(mk_person), np.concatenate(mk_code), np.concatenate(mk_from),
                      np.concatenate(mk_to), repeat)
    offers = Spells(np.concatenate(of_person).astype(np.int64), np.concatenate(of_code),
                    np.concatenate(of_from), np.concatenate(of_to))
    return {
        "status": status, "markings": markings, "offers": offers,
        "hours": (np.concatenate(hours_p).astype(np.int64), np.concatenate(hours_m).astype(np.int64),
                  np.concatenate(hours_v)),
        "group": group, "visit": visit, "active_from": active_from, "g2_change": g2_change,
        "first_group": first_group, "revisit": rev,
    }
