-- Builds `indicator_counts`: numerator and denominator of every monthly indicator for every
-- unit (job centre, municipality, STAR office, country), before discretion and comparison.
-- Grain: one row per month, unit type, unit and indicator id. Counts (target_group,
-- effort_group, ever_effort_group, g2_count, g2_ever) have a null denominator.
-- Parameters: none. Reads person_month, unit_members.
create or replace table indicator_counts as
with
municipality_month as (
    -- counted per municipality first (a unit's count is the sum over its municipalities: each
    -- person-month has one municipality), so the wide aggregate runs once per person-month
    -- rather than once per unit type
    select
        month,
        municipality_code,
        count(*) as g,
        count(*) filter (where visited) as visited,
        count(*) filter (where current_group = 'FSM1') as group_1,
        count(*) filter (where current_group = 'FSM2') as group_2,
        count(*) filter (where current_group = 'FSM3') as group_3,
        count(*) filter (where current_group is null) as not_visited,
        count(*) filter (where in_effort_group) as e,
        count(*) filter (where in_effort_group and job_broker) as job_broker,
        count(*) filter (where in_effort_group and company_offer) as company_offer,
        count(*) filter (where in_effort_group and ordinary_hours > 0) as ordinary_hours,
        count(*) filter (where in_effort_group and ordinary_hours >= 30) as hours_30,
        count(*) filter (where in_effort_group and not job_broker and not company_offer and ordinary_hours = 0) as passive,
        count(*) filter (where in_effort_group and (company_offer or ordinary_hours > 0)) as activity,
        count(*) filter (where ever_group_1) as e1,
        count(*) filter (where ever_group_1 and not cash_week and (job_education_week or ordinary_hours > 0)) as job_education_flexjob,
        count(*) filter (where ever_group_1 and not any_benefit_week and ordinary_hours > 0) as employed_off_benefits,
        count(*) filter (where ever_group_2) as g2_ever,
        count(*) filter (where current_group = 'FSM2' and not waiting) as g2_changed_benefit,
        count(*) filter (where waiting) as w,
        count(*) filter (where waiting_band = 'g2_waiting_0_3' and waiting) as g2_waiting_0_3,
        count(*) filter (where waiting_band = 'g2_waiting_3_6' and waiting) as g2_waiting_3_6,
        count(*) filter (where waiting_band = 'g2_waiting_6_9' and waiting) as g2_waiting_6_9,
        count(*) filter (where waiting_band = 'g2_waiting_over_9' and waiting) as g2_waiting_over_9,
        count(*) filter (where waiting and not active_offer) as g2_no_active_offer
    from person_month
    group by month, municipality_code
),
unit_month as (
    select
        c.month,
        u.unit_type,
        u.unit_code,
        any_value(u.unit_name) as unit_name,
        any_value(u.star_office) as star_office,
        sum(columns(c.* exclude (month, municipality_code)))
    from municipality_month as c
    join unit_members as u using (municipality_code)
    group by c.month, u.unit_type, u.unit_code
),
long as (
    select
        month, unit_type, unit_code, unit_name, star_office,
        unnest([
            {'indicator': 'visited', 'numerator': visited, 'denominator': g},
            {'indicator': 'group_1', 'numerator': group_1, 'denominator': g},
            {'indicator': 'group_2', 'numerator': group_2, 'denominator': g},
            {'indicator': 'group_3', 'numerator': group_3, 'denominator': g},
            {'indicator': 'not_visited', 'numerator': not_visited, 'denominator': g},
            {'indicator': 'job_broker', 'numerator': job_broker, 'denominator': e},
            {'indicator': 'company_offer', 'numerator': company_offer, 'denominator': e},
            {'indicator': 'ordinary_hours', 'numerator': ordinary_hours, 'denominator': e},
            {'indicator': 'hours_30', 'numerator': hours_30, 'denominator': e},
            {'indicator': 'passive', 'numerator': passive, 'denominator': e},
            {'indicator': 'activity', 'numerator': activity, 'denominator': e},
            {'indicator': 'job_education_flexjob', 'numerator': job_education_flexjob, 'denominator': e1},
            {'indicator': 'employed_off_benefits', 'numerator': employed_off_benefits, 'denominator': e1},
            {'indicator': 'g2_count', 'numerator': group_2, 'denominator': null},
            {'indicator': 'g2_ever', 'numerator': g2_ever, 'denominator': null},
            {'indicator': 'g2_changed_benefit', 'numerator': g2_changed_benefit, 'denominator': group_2},
            {'indicator': 'g2_waiting', 'numerator': w, 'denominator': group_2},
            {'indicator': 'g2_waiting_0_3', 'numerator': g2_waiting_0_3, 'denominator': w},
            {'indicator': 'g2_waiting_3_6', 'numerator': g2_waiting_3_6, 'denominator': w},
            {'indicator': 'g2_waiting_6_9', 'numerator': g2_waiting_6_9, 'denominator': w},
            {'indicator': 'g2_waiting_over_9', 'numerator': g2_waiting_over_9, 'denominator': w},
            {'indicator': 'g2_no_active_offer', 'numerator': g2_no_active_offer, 'denominator': w},
            {'indicator': 'target_group', 'numerator': g, 'denominator': null},
            {'indicator': 'effort_group', 'numerator': e, 'denominator': null},
            {'indicator': 'ever_effort_group', 'numerator': e1, 'denominator': null}
        ], recursive := true)
    from unit_month
)
select
    month, unit_type, unit_code, unit_name, star_office,
    indicator,
    numerator::bigint as numerator,
    denominator::bigint as denominator
from long
order by month, unit_type, unit_code, indicator
