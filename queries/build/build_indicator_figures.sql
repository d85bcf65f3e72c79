-- Builds `indicator_figures` from the registered view `computed_figures` (indicator counts
-- with share, national share, control limits, overdispersion, comparison and laggard flags,
-- computed by monitor.core.stats). Figures here are raw: discretion is applied when they are read.
-- Grain: one row per month, unit type, unit and indicator. Parameters: none.
create or replace table indicator_figures as
with computed as (
    select * from computed_figures
)
select
    month, unit_type, unit_code, unit_name, star_office, indicator,
    numerator, denominator, share, national_share,
    lower95, upper95, lower998, upper998, overdispersion,
    comparison, alarm, months_worse, laggard
from computed
