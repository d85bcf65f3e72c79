"""The demonstration population's codes, behaviour rates and what happens to it month by month
during the programme: municipality profiles (ramp-up, visitation and offer habits) and, per
person, visitation, group changes, offers, job brokers, ordinary hours and exits. Used by
monitor.demo.population, vectorised over persons like it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# benefit codes in the matrix (0 = no benefit that week); order = index
BENEFIT_CODES = ("", "KH", "UH", "IY", "RF", "FJ", "LY", "FP", "JA", "RE", "SD", "DP", "SU", "OT", "NO")
B = {code: i for i, code in enumerate(BENEFIT_CODES) if code}
MATCH_CODES = ("", "J", "U", "A")
MARKING_CODES = ("FSM1", "FSM2", "FSM3", "PJF", "FRI")
OFFER_CODES = ("VP", "LTP", "LTO", "NY", "VO", "ME")
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
    delay: np.ndarray | None = None         # months after its start month that a spell is first delivered


def municipality_profiles(rng, codes, weight, participating, n_months) -> dict:
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


def programme(rng, settings, prof, muni, birth_year, gone_month, n_months, month_d0, month_len) -> dict:
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

    def end_month_of_offers(m, in_offer, ending, left, person_start, code_of):
        """Closes the offers that end this month (in the last month the ones still running stay
        open) and returns the months left of each person's offer."""
        if m == n_months - 1:
            ending_closed = ending & (left == 1)
            open_rows = np.flatnonzero(in_offer & ~ending_closed)
            of_person.append(open_rows)
            of_code.append(code_of[open_rows].astype(np.int8))
            of_from.append(day_in(person_start[open_rows]))
            of_to.append(np.full(len(open_rows), -1, dtype=np.int64))
            ending = ending_closed
        close_offers(ending, m, person_start, code_of)
        left = np.where(in_offer, left - 1, 0)
        left[ending] = 0
        return left

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
        offer_left = end_month_of_offers(m, in_offer, ending, offer_left, offer_start, offer_type)
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
        g2_offer_left = end_month_of_offers(m, in_offer, ending, g2_offer_left, g2_offer_start, g2_kind)

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
