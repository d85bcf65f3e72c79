"""The cells a month publishes and the identities an outsider knows between them.

Every unit (municipality, job centre, STAR office, country) has 24 count cells (the
numerators and the counts of indicators.md; `g2_count` is the cell `group_2`) and, for each
share, a complement cell (denominator minus numerator) that is never published but must not be
recoverable when it is 1 or 2. Identities (indicators.md, Discretion, the addendum):

- hierarchy, for every count cell: job centre = sum of its municipalities; region = sum of
  its job centres; STAR office = sum of its regions (or job centres); country = sum of the
  offices (each unit's parent is the smallest unit holding its municipalities);
- per unit: target group = group 1 + group 2 + group 3 + not visited; waiting = sum of the
  four waiting bands; group 2 = waiting + changed benefit;
- per unit and share: denominator = numerator + complement (so a share's denominator is the
  very cell it is built on; a share is published only when numerator and denominator are).

`month_model(counts, members)` turns one month of `indicator_counts` rows (any vintage) into a
`CellModel`; `pattern_for(counts, members)` chooses and audits the month's hidden cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from monitor.core.disclosure_audit import Audit, CellModel, audit, find_violations, verify
from monitor.core.suppression import Pattern, protect

# levels of the hierarchy; regions (published pooled by the meeting pack) lie within offices
UNIT_LEVELS = {"municipality": 0, "jobcentre": 1, "region": 2, "star_office": 3, "country": 4}
# indicator id -> the cell its denominator is (shares only)
DENOMINATOR_CELL = {
    **{i: "target_group" for i in ("visited", "group_1", "group_2", "group_3", "not_visited")},
    **{i: "effort_group" for i in ("job_broker", "company_offer", "ordinary_hours", "hours_30", "passive", "activity")},
    **{i: "ever_effort_group" for i in ("job_education_flexjob", "employed_off_benefits")},
    **{i: "group_2" for i in ("g2_changed_benefit", "g2_waiting")},
    **{i: "g2_waiting" for i in ("g2_waiting_0_3", "g2_waiting_3_6", "g2_waiting_6_9", "g2_waiting_over_9", "g2_no_active_offer")},
}
# indicator id -> the cell its numerator is (every other indicator: the cell of its own id)
NUMERATOR_CELL = {"g2_count": "group_2"}
WAITING_BANDS = ("g2_waiting_0_3", "g2_waiting_3_6", "g2_waiting_6_9", "g2_waiting_over_9")
COUNT_CELLS = (
    "target_group", "visited", "group_1", "group_2", "group_3", "not_visited",
    "effort_group", "job_broker", "company_offer", "ordinary_hours", "hours_30", "passive", "activity",
    "ever_effort_group", "job_education_flexjob", "employed_off_benefits",
    "g2_ever", "g2_changed_benefit", "g2_waiting", *WAITING_BANDS, "g2_no_active_offer",
)
# group 2 = waiting + changed benefit already makes each the other's complement
COMPLEMENTED = tuple(i for i in DENOMINATOR_CELL if i not in ("g2_changed_benefit", "g2_waiting"))
COMPLEMENT_SUFFIX = ":complement"
CELLS = COUNT_CELLS + tuple(i + COMPLEMENT_SUFFIX for i in COMPLEMENTED)
UNIT_IDENTITIES = (
    ("target_group", ("group_1", "group_2", "group_3", "not_visited")),
    ("g2_waiting", WAITING_BANDS),
    ("group_2", ("g2_waiting", "g2_changed_benefit")),
    *((DENOMINATOR_CELL[i], (i, i + COMPLEMENT_SUFFIX)) for i in COMPLEMENTED),
)
PATTERN_SCHEMA = {"unit_type": pl.String, "unit_code": pl.String, "cell": pl.String,
                  "value": pl.Int64, "suppression": pl.String}


def numerator_cell(indicator: str) -> str:
    return NUMERATOR_CELL.get(indicator, indicator)


def denominator_cell(indicator: str) -> str | None:
    return DENOMINATOR_CELL.get(indicator)


# Siblings tried per level when protecting a cell: the LP picks among them (more = a better
# pattern found more slowly; a cell that cannot be protected so is tried with every unit).
SIBLINGS = 6
# More sensitive cells than this in a month (the full demonstration data has at most ~260):
# the month is too small for a cell-by-cell pattern; a coarse one is used (coarse_pattern).
COARSE_ABOVE = 500


@dataclass(frozen=True)
class MonthCells:
    """The model of one month. Units with the same municipalities (a job centre of one
    municipality and that municipality) are one node: their cells are the same numbers, so
    they are hidden or shown together."""

    units: pl.DataFrame  # unit_type, unit_code, node
    parent: np.ndarray   # node -> parent node (-1 for the country)
    model: CellModel

    def cell_frame(self) -> pl.DataFrame:
        """One row per unit and cell: unit_type, unit_code, cell, value, index (model cell)."""
        n_cells = len(CELLS)
        node = np.repeat(self.units["node"].to_numpy(), n_cells)
        index = node * n_cells + np.tile(np.arange(n_cells), self.units.height)
        return pl.DataFrame({
            "unit_type": np.repeat(self.units["unit_type"].to_numpy(), n_cells),
            "unit_code": np.repeat(self.units["unit_code"].to_numpy(), n_cells),
            "cell": np.tile(np.array(CELLS, dtype=object), self.units.height),
            "value": self.model.values[index],
            "index": index,
        }, schema={**{k: PATTERN_SCHEMA[k] for k in ("unit_type", "unit_code", "cell", "value")}, "index": pl.Int64})

    def neighbourhoods(self) -> list:
        """Tiers tried in turn by `suppression.protect`: near and narrow, then the whole
        indicator family in nearby units, then the family in the whole STAR office."""
        return [lambda cell: self.neighbourhood(cell, NEAR_CELLS, SIBLINGS),
                lambda cell: self.neighbourhood(cell, FAMILY_CELLS, SIBLINGS),
                lambda cell: self.neighbourhood(cell, FAMILY_CELLS, None)]

    def neighbourhood(self, cell: int, cells_of: dict, siblings: int | None) -> np.ndarray:
        """The cells a sensitive cell's protection may use: `cells_of[cell]` in its own node
        and, at each level up to its STAR office (the office itself stays fixed; for an
        office or the country: up to the country), up to `siblings` siblings, smallest first;
        below each of these nodes, up to `siblings` children each, smallest first."""
        n_cells = len(CELLS)
        node, c = divmod(cell, n_cells)
        levels = self.model.level[::n_cells]
        column = self.model.values[c::n_cells]
        need = self.model.threshold - abs(int(self.model.values[cell]))
        office = UNIT_LEVELS["star_office"]
        chosen = set(self._below(node, column, need, siblings))
        a = node
        while self.parent[a] >= 0 and (levels[node] >= office or levels[a] < office):
            others = [b for b in np.flatnonzero(self.parent == self.parent[a]) if b != a]
            for b in _smallest(others, column, need, siblings):
                chosen.update(self._below(b, column, need, siblings))
            a = self.parent[a]
            if levels[node] >= office or levels[a] < office:
                chosen.add(a)
        nodes = np.array(sorted(chosen))
        return (nodes[:, None] * n_cells + cells_of[CELLS[c]][None, :]).ravel()

    def _below(self, node: int, column: np.ndarray, need: int, siblings: int | None) -> list[int]:
        """The node and, recursively, up to `siblings` of its children (smallest first)."""
        out, todo = [], [node]
        while todo:
            n = todo.pop()
            out.append(n)
            todo.extend(_smallest(np.flatnonzero(self.parent == n).tolist(), column, need, siblings))
        return out


def _smallest(nodes: list[int], column: np.ndarray, need: int, limit: int | None) -> list[int]:
    """Up to `limit` nodes (None: all), those with room for `need` persons first, then smallest."""
    return sorted(nodes, key=lambda b: (column[b] < need, column[b]))[:limit]


def _families() -> dict[str, np.ndarray]:
    """Cell -> positions of the cells linked to it by the per-unit identities."""
    group = {c: {c} for c in CELLS}
    for total, parts in UNIT_IDENTITIES:
        merged = set().union(group[total], *(group[p] for p in parts))
        for c in merged:
            group[c] = merged
    return {c: np.array(sorted(CELLS.index(x) for x in group[c])) for c in CELLS}


def _near() -> dict[str, np.ndarray]:
    """Cell -> positions of the cells that share a per-unit identity with it, plus every
    complement whose identity holds one of those (so that they can move)."""
    near = {}
    for c in CELLS:
        step = {c}.union(*(set((t, *p)) for t, p in UNIT_IDENTITIES if c == t or c in p))
        step |= {x for t, p in UNIT_IDENTITIES for x in (t, *p)
                 if x.endswith(COMPLEMENT_SUFFIX) and step & {t, *p}}
        near[c] = np.array(sorted(CELLS.index(x) for x in step))
    return near


FAMILY_CELLS = _families()
NEAR_CELLS = _near()


def month_model(counts: pl.DataFrame, members: pl.DataFrame, threshold: int = 3) -> MonthCells:
    """The CellModel of one month: `counts` = rows of indicator_counts for one month (columns
    unit_type, unit_code, indicator, numerator, denominator); `members` = unit_members
    (unit_type, unit_code, municipality_code)."""
    units = (pl.concat([counts.select("unit_type", "unit_code"), members.select("unit_type", "unit_code")]).unique()
             .with_columns(pl.col("unit_type").replace_strict(UNIT_LEVELS).alias("level"))
             .sort("level", "unit_code"))
    sets = {(t, c): frozenset(m) for t, c, m in members.group_by("unit_type", "unit_code")
            .agg(pl.col("municipality_code").sort()).iter_rows()}
    node_of_set: dict[frozenset, int] = {}
    node_level = []
    nodes = []
    for t, c, lvl in units.iter_rows():
        key = sets[(t, c)]
        if key not in node_of_set:
            node_of_set[key] = len(node_level)
            node_level.append(lvl)
        nodes.append(node_of_set[key])
    units = units.with_columns(pl.Series("node", nodes, dtype=pl.Int64))
    parent = _parents(list(node_of_set))
    n_nodes, n_cells = len(node_level), len(CELLS)
    cell_pos = {c: i for i, c in enumerate(CELLS)}
    values = np.zeros(n_nodes * n_cells, dtype=np.int64)
    node_of_unit = {(t, c): n for t, c, _, n in units.iter_rows()}
    rows = counts.filter(pl.col("indicator").is_in(COUNT_CELLS))
    node_idx = np.array([node_of_unit[k] for k in rows.select("unit_type", "unit_code").iter_rows()], dtype=np.int64)
    cell_idx = np.array([cell_pos[c] for c in rows["indicator"]], dtype=np.int64)
    values[node_idx * n_cells + cell_idx] = rows["numerator"].fill_null(0).to_numpy()
    counted = np.zeros(n_nodes, dtype=bool)
    counted[node_idx] = True
    for node in sorted(np.flatnonzero(~counted), key=lambda n: len(list(node_of_set)[n])):
        children = np.flatnonzero(parent == node)  # a unit without counts (a region): sum of its children
        values[node * n_cells:(node + 1) * n_cells] = values.reshape(n_nodes, n_cells)[children].sum(axis=0)
    base = np.arange(n_nodes) * n_cells
    for ind in COMPLEMENTED:
        values[base + cell_pos[ind + COMPLEMENT_SUFFIX]] = values[base + cell_pos[DENOMINATOR_CELL[ind]]] - values[base + cell_pos[ind]]
    hierarchy = _hierarchy_identities(parent, n_cells)
    first_row = max((int(t[0].max()) + 1 for t in hierarchy if len(t[0])), default=0)
    triplets = hierarchy + _unit_identities(n_nodes, cell_pos, n_cells, first_row)
    row_ids = np.concatenate([t[0] for t in triplets])
    col_ids = np.concatenate([t[1] for t in triplets])
    coefs = np.concatenate([t[2] for t in triplets])
    identities = sparse.csr_array((coefs, (row_ids, col_ids)), shape=(int(row_ids.max()) + 1, len(values)))
    publishable = np.tile(np.array([c in COUNT_CELLS for c in CELLS]), n_nodes)
    level = np.repeat(np.array(node_level), n_cells)
    model = CellModel(values=values, identities=identities, publishable=publishable, level=level,
                      lower=np.zeros(len(values)), threshold=threshold)
    return MonthCells(units=units.select("unit_type", "unit_code", "node"), parent=parent, model=model)


def _parents(node_sets: list[frozenset]) -> np.ndarray:
    """Each node's parent: the smallest other node whose municipalities include its own."""
    parent = np.full(len(node_sets), -1)
    for i, own in enumerate(node_sets):
        supersets = [j for j, other in enumerate(node_sets) if j != i and own < other]
        if supersets:
            parent[i] = min(supersets, key=lambda j: len(node_sets[j]))
    return parent


def _hierarchy_identities(parent: np.ndarray, n_cells: int):
    """Rows `parent - sum(children) = 0` for every count cell, as (row, col, coef) arrays."""
    children = np.flatnonzero(parent >= 0)
    parents = np.unique(parent[children])
    parent_row = np.searchsorted(parents, parent[children])
    triplets = []
    for c in range(len(COUNT_CELLS)):
        base = c * len(parents)
        triplets.append((base + np.arange(len(parents)), parents * n_cells + c, np.ones(len(parents))))
        triplets.append((base + parent_row, children * n_cells + c, -np.ones(len(children))))
    return triplets


def _unit_identities(n_units, cell_pos, n_cells, first_row):
    triplets = []
    units = np.arange(n_units)
    for k, (total, parts) in enumerate(UNIT_IDENTITIES):
        rows = first_row + k * n_units + units
        triplets.append((rows, units * n_cells + cell_pos[total], np.ones(n_units)))
        for part in parts:
            triplets.append((rows, units * n_cells + cell_pos[part], -np.ones(n_units)))
    return triplets


def pattern_for(counts: pl.DataFrame, members: pl.DataFrame, threshold: int = 3,
                previous: pl.DataFrame | None = None, previous_counts: pl.DataFrame | None = None,
                ) -> tuple[pl.DataFrame, Pattern]:
    """Chooses the hidden cells of one month (one vintage): returns the stored pattern rows
    (unit_type, unit_code, cell, value, suppression = 'primary' | 'secondary'; count cells
    only, hidden ones only) and the Pattern with its audit. `previous`: the pattern rows of
    the same month in the previous vintage (unit_type, unit_code, cell): its cells are hidden
    first (a warm start), so a month's pattern changes little from vintage to vintage.
    `previous_counts`: that vintage's counts, when its pattern passed its audit: then only
    the parts of the month whose counts changed are audited again."""
    cells = month_model(counts, members, threshold)
    if cells.model.sensitive().sum() > COARSE_ABOVE:
        pattern = coarse_pattern(cells)
    else:
        start = None if previous is None else marked(cells, previous)
        changed = None
        if start is not None and previous_counts is not None:
            before = month_model(previous_counts, members, threshold)
            if before.units.equals(cells.units):
                changed = before.model.values != cells.model.values
        pattern = protect(cells.model, cells.neighbourhoods(), start=start, changed=changed)
    return pattern_frame(cells, pattern.hidden, pattern.primary), pattern


def marked(cells: MonthCells, rows: pl.DataFrame) -> np.ndarray:
    """A mask over the model's cells: True for the (unit_type, unit_code, cell) of `rows`."""
    frame = cells.cell_frame()
    keys = rows.select("unit_type", "unit_code", "cell").unique().with_columns(pl.lit(True).alias("_h"))
    joined = frame.join(keys, on=["unit_type", "unit_code", "cell"], how="left", maintain_order="left")
    mask = np.zeros(cells.model.size, dtype=bool)
    mask[joined.filter(pl.col("_h").fill_null(False))["index"].to_numpy()] = True
    return mask


def coarse_pattern(cells: MonthCells) -> Pattern:
    """For a month where small counts are everywhere (a tiny population, e.g. the tests' small
    demonstration data): show only the country's figures (and zeros everybody can work out
    from them); if even that fails the audit, hide every count."""
    model = cells.model
    primary = model.primary()
    country = model.level == UNIT_LEVELS["country"]
    column = np.arange(model.size) % len(CELLS)
    nodes = np.arange(model.size) // len(CELLS)
    country_node = nodes[country][0]
    country_value = model.values[country_node * len(CELLS) + column]
    hidden = primary | (model.publishable & ~country & (country_value != 0))
    result = coarse_audit(cells, hidden)
    if not result.ok:  # hide every count: nothing published, nothing bounded, nothing exact
        hidden = primary | model.publishable
        result = Audit(low=model.lower.astype(float), high=np.full(model.size, np.inf),
                       violations=np.zeros(model.size, dtype=bool))
    return Pattern(hidden=hidden, primary=primary, audit=result)


def coarse_audit(cells: MonthCells, hidden: np.ndarray) -> Audit:
    """The exact audit of a coarse pattern (every cell below the country hidden where the
    country's value is not 0), without the month's large LP. Any country vector C' that meets
    the per-unit identities and the country's published cells, at 0 or more, is reached by
    putting all of it in one municipality; so a hidden cell of a unit below the country ranges
    from 0 (everything in a municipality outside the unit) to the largest C'[cell] (everything
    inside it): only the country's own small model needs LPs."""
    model = cells.model
    n_cells = len(CELLS)
    country_node = int(np.flatnonzero(model.level == UNIT_LEVELS["country"])[0]) // n_cells
    own = country_node * n_cells + np.arange(n_cells)
    rows, cols, coefs = (np.concatenate(t) for t in zip(*_unit_identities(1, {c: i for i, c in enumerate(CELLS)}, n_cells, 0)))
    country = CellModel(values=model.values[own], identities=sparse.csr_array((coefs, (rows, cols)), shape=(int(rows.max()) + 1, n_cells)),
                        publishable=model.publishable[own], level=model.level[own], lower=model.lower[own],
                        threshold=model.threshold)
    reach = audit(country, hidden[own])
    column = np.arange(model.size) % n_cells
    below = hidden & (np.arange(model.size) // n_cells != country_node)
    low = np.where(below, model.lower, model.values).astype(float)
    high = np.where(below, reach.high[column], model.values).astype(float)
    low[own], high[own] = reach.low, reach.high
    return Audit(low=low, high=high, violations=find_violations(model, hidden, low, high))


def revision_pattern(before: pl.DataFrame, after: pl.DataFrame, members: pl.DataFrame,
                     hidden_before: pl.DataFrame, hidden_after: pl.DataFrame, threshold: int = 3) -> tuple[pl.DataFrame, Pattern]:
    """Discretion for the revisions of one reference month between two vintages
    (vintages.md rule 4): `before`/`after` = that month's indicator_counts rows in each vintage,
    `hidden_*` = each vintage's stored pattern rows (unit_type, unit_code, cell). A revision
    (after - before, may be negative) is a count like any other: one of 1 or 2 persons either
    way is hidden, and so is the revision of a cell hidden in either vintage (it would reveal
    it); secondary suppression then protects them across the month's identities. Returns the
    hidden revision cells (value = the revision; suppression primary/secondary) and the
    Pattern. Limit: the vintages' own published values are not changed, so a revision of two
    published values can always be worked out by subtraction (docs/discretion.md)."""
    old = month_model(before, members, threshold)
    new = month_model(after, members, threshold)
    if old.units.select("unit_type", "unit_code").rows() != new.units.select("unit_type", "unit_code").rows():
        raise ValueError("de to årgange har ikke de samme enheder")
    frame = new.cell_frame()
    forced = marked(old, hidden_before) | marked(new, hidden_after)
    model = CellModel(values=new.model.values - old.model.values, identities=new.model.identities,
                      publishable=new.model.publishable, level=new.model.level,
                      lower=np.full(new.model.size, -np.inf), threshold=threshold)
    pattern = protect(model, new.neighbourhoods(), hidden_first=forced & new.model.publishable)
    revisions = MonthCells(units=new.units, parent=new.parent, model=model)
    rows = pattern_frame(revisions, pattern.hidden, pattern.primary)
    return rows.filter(pl.col("cell").is_in(COUNT_CELLS)), pattern


def pattern_frame(cells: MonthCells, hidden: np.ndarray, primary: np.ndarray) -> pl.DataFrame:
    frame = cells.cell_frame()
    index = frame["index"].to_numpy()
    frame = frame.with_columns(
        pl.Series("hidden", hidden[index]), pl.Series("primary", primary[index]),
        pl.Series("publishable", cells.model.publishable[index]),
    )
    return frame.filter(pl.col("hidden") & pl.col("publishable")).select(
        "unit_type", "unit_code", "cell", "value",
        pl.when(pl.col("primary")).then(pl.lit("primary")).otherwise(pl.lit("secondary")).alias("suppression"),
    )


def appearances(cell_rows: pl.DataFrame) -> pl.DataFrame:
    """Each hidden cell (rows unit_type, unit_code, cell, min, max) as it appears in the
    indicator rows: (indicator, field) with field `numerator` or `denominator`, sorted."""
    uses = [(i, "numerator", numerator_cell(i)) for i in (*COUNT_CELLS, *NUMERATOR_CELL)]
    uses += [(i, "denominator", d) for i, d in DENOMINATOR_CELL.items()]
    where = pl.DataFrame(uses, schema={"indicator": pl.String, "field": pl.String, "cell": pl.String}, orient="row")
    return (cell_rows.join(where, on="cell", how="inner")
            .select("unit_type", "unit_code", "indicator", "field", "min", "max")
            .sort("unit_type", "unit_code", "indicator", "field"))


def audit_pattern(counts: pl.DataFrame, members: pl.DataFrame, hidden_cells: pl.DataFrame,
                  threshold: int = 3) -> tuple[pl.DataFrame, bool]:
    """Audits a stored pattern (rows unit_type, unit_code, cell) against the raw counts of its
    month: one row per unit and hidden count cell with `min`, `max` (null = no upper limit)
    and `violation`, and whether the whole month (complements included) passes."""
    cells = month_model(counts, members, threshold)
    frame = cells.cell_frame()
    hidden = ~cells.model.publishable | marked(cells, hidden_cells)
    result = audit(cells.model, hidden)
    index = frame["index"].to_numpy()
    high = np.where(np.isinf(result.high), np.nan, result.high)[index]
    rows = frame.with_columns(
        pl.Series("hidden", hidden[index]), pl.Series("min", result.low[index]).cast(pl.Int64),
        pl.Series("max", high, nan_to_null=True).cast(pl.Int64),
        pl.Series("violation", result.violations[index]),
        pl.Series("publishable", cells.model.publishable[index]),
    ).filter(pl.col("hidden") & pl.col("publishable")).drop("index", "publishable", "hidden")
    return rows, result.ok
