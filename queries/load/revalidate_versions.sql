-- Sets valid_to (the next extract month delivering the same key, null = latest version) for
-- every key that extract $extract_month delivers now (staged_*) or delivered before it was
-- replaced (versions whose valid_to was $extract_month). persons need nothing: their key holds
-- the extract month.
-- Grain: one row per key and extract month. Parameters: $extract_month.
update benefits as t
set valid_to = n.next_month
from (
    with
    touched as (
        select person_id, week from staged_benefits
        union
        select person_id, week from benefits where valid_to = $extract_month
    ),
    versions as (
        select
            b.person_id, b.week, b.extract_month, b.valid_to,
            lead(b.extract_month) over (partition by b.person_id, b.week order by b.extract_month) as next_month
        from benefits as b
        semi join touched as k on k.person_id = b.person_id and k.week = b.week
    )
    select * from versions where valid_to is distinct from next_month
) as n
where t.person_id = n.person_id and t.week = n.week and t.extract_month = n.extract_month;
update markings as t
set valid_to = n.next_month
from (
    with
    touched as (
        select person_id, marking, from_date from staged_markings
        union
        select person_id, marking, from_date from markings where valid_to = $extract_month
    ),
    versions as (
        select
            k.person_id, k.marking, k.from_date, k.extract_month, k.valid_to,
            lead(k.extract_month) over (partition by k.person_id, k.marking, k.from_date order by k.extract_month) as next_month
        from markings as k
        semi join touched as s on s.person_id = k.person_id and s.marking = k.marking and s.from_date = k.from_date
    )
    select * from versions where valid_to is distinct from next_month
) as n
where t.person_id = n.person_id and t.marking = n.marking and t.from_date = n.from_date
  and t.extract_month = n.extract_month;
update offers as t
set valid_to = n.next_month
from (
    with
    touched as (
        select person_id, offer_type, from_date from staged_offers
        union
        select person_id, offer_type, from_date from offers where valid_to = $extract_month
    ),
    versions as (
        select
            o.person_id, o.offer_type, o.from_date, o.extract_month, o.valid_to,
            lead(o.extract_month) over (partition by o.person_id, o.offer_type, o.from_date order by o.extract_month) as next_month
        from offers as o
        semi join touched as s on s.person_id = o.person_id and s.offer_type = o.offer_type and s.from_date = o.from_date
    )
    select * from versions where valid_to is distinct from next_month
) as n
where t.person_id = n.person_id and t.offer_type = n.offer_type and t.from_date = n.from_date
  and t.extract_month = n.extract_month;
update hours as t
set valid_to = n.next_month
from (
    with
    touched as (
        select person_id, month from staged_hours
        union
        select person_id, month from hours where valid_to = $extract_month
    ),
    versions as (
        select
            h.person_id, h.month, h.extract_month, h.valid_to,
            lead(h.extract_month) over (partition by h.person_id, h.month order by h.extract_month) as next_month
        from hours as h
        semi join touched as s on s.person_id = h.person_id and s.month = h.month
    )
    select * from versions where valid_to is distinct from next_month
) as n
where t.person_id = n.person_id and t.month = n.month and t.extract_month = n.extract_month;
