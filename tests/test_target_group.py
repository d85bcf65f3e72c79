"""The gross target group rule, one hand-made case per rule (indicators.md, 'The gross target group')."""

import json

from extract_factory import cash_weeks, load, person, target_group, week, write_extract


def _build(tmp_path, persons, benefits, month="2017-08"):
    folder = write_extract(tmp_path / "extracts", month, persons=persons, benefits=benefits)
    result, con = load(tmp_path, folder)
    assert result.ok, result.report
    return target_group(con)


def test_spell_of_260_weeks_qualifies_and_259_does_not(tmp_path):
    g = _build(tmp_path, [person("S260"), person("S259")],
               cash_weeks("S260", -259, 0) + cash_weeks("S259", -258, 0))
    assert g == {"S260"}


def test_gap_of_4_weeks_keeps_the_spell_and_5_weeks_breaks_it(tmp_path):
    g = _build(tmp_path, [person("GAP4"), person("GAP5")],
               cash_weeks("GAP4", -300, 0, skip=range(-100, -96))      # 4 weeks without
               + cash_weeks("GAP5", -300, 0, skip=range(-100, -95)))  # 5 weeks without
    assert g == {"GAP4"}


def test_gap_of_5_weeks_just_before_a_260_week_spell_is_fine(tmp_path):
    # spell starts exactly at R-259 after a 5-week gap: 260 weeks -> qualifies
    g = _build(tmp_path, [person("EDGE")], cash_weeks("EDGE", -400, 0, skip=range(-264, -259)))
    assert g == {"EDGE"}


def test_another_benefit_inside_a_gap_counts_as_without(tmp_path):
    sick = [{"person_id": "SICK", "week": week(o), "benefit": "SD", "match_category": None} for o in range(-100, -95)]
    g = _build(tmp_path, [person("SICK"), person("OK")],
               cash_weeks("SICK", -300, 0, skip=range(-100, -95)) + sick + cash_weeks("OK", -300, 0))
    assert g == {"OK"}


def test_integration_programme_cut(tmp_path):
    # integration programme ended in week R-261: the spell counts from R-260 -> 261 weeks, qualifies;
    # ended in week R-259: counts from R-258 -> 259 weeks, does not qualify
    def monday(offset):
        y, w = week(offset).split("-W")
        import datetime as dt
        return dt.date.fromisocalendar(int(y), int(w), 3).isoformat()  # a Wednesday in that week

    g = _build(tmp_path, [person("IPE_OK", ipe=monday(-261)), person("IPE_LATE", ipe=monday(-259))],
               cash_weeks("IPE_OK", -400, 0) + cash_weeks("IPE_LATE", -400, 0))
    assert g == {"IPE_OK"}


def test_job_ready_at_the_reference_week_is_not_in_the_group(tmp_path):
    benefits = cash_weeks("JOBREADY", -300, -1) + cash_weeks("JOBREADY", 0, 0, match="J") + cash_weeks("ACT", -300, 0)
    g = _build(tmp_path, [person("JOBREADY"), person("ACT")], benefits)
    assert g == {"ACT"}


def test_other_cash_benefits_count_and_municipality_must_take_part(tmp_path):
    benefits = (cash_weeks("MIX", -300, -150, benefit="IY") + cash_weeks("MIX", -149, 0, benefit="UH")
                + cash_weeks("DRAGOER", -300, 0))
    g = _build(tmp_path, [person("MIX"), person("DRAGOER", municipality=155)], benefits)
    assert g == {"MIX"}


def test_a_restated_week_in_a_later_extract_changes_the_group(tmp_path):
    first = write_extract(tmp_path / "extracts", "2017-08", persons=[person("FIX")],
                          benefits=cash_weeks("FIX", -300, 0, skip=range(-100, -96)))
    # the September extract says week R-96 was without benefit after all: a 5-week gap
    correction = [{"person_id": "FIX", "week": week(-96), "benefit": "NO", "match_category": None}]
    second = write_extract(tmp_path / "extracts", "2017-09", persons=[person("FIX")], benefits=correction)
    result, con = load(tmp_path, first)
    assert target_group(con) == {"FIX"}
    con.close()
    result, con = load(tmp_path, second)
    assert result.ok, result.report
    assert target_group(con) == set()


def test_loads_in_reverse_month_order_give_the_same_result(tmp_path):
    def extracts(root):
        a = write_extract(root, "2017-08", persons=[person("REV")],
                          benefits=cash_weeks("REV", -300, 0, skip=range(-100, -96)))
        b = write_extract(root, "2017-09", persons=[person("REV")],
                          benefits=[{"person_id": "REV", "week": week(-96), "benefit": "NO", "match_category": None}])
        return a, b

    a, b = extracts(tmp_path / "x")
    result, con = load(tmp_path / "reverse", b)
    con.close()
    result, con = load(tmp_path / "reverse", a)  # older extract after the newer one
    assert result.ok
    assert target_group(con) == set()
    stored = con.sql("select benefit, extract_month, valid_to from benefits where week = ? order by all",
                     params=[__import__("monitor.core.calendar").core.calendar.iso_week_to_index(week(-96))]).fetchall()
    assert stored == [("KH", "2017-08", "2017-09"), ("NO", "2017-09", None)]


def test_spell_versions_follow_each_load_and_equal_a_full_rebuild(tmp_path):
    from monitor.core import derive, queries, store
    from monitor.core.settings import load as settings

    restated = {"person_id": "FIX", "week": week(-96), "benefit": "NO", "match_category": None}
    back = restated | {"benefit": "KH", "match_category": "A"}
    root = tmp_path / "extracts"
    aug = write_extract(root, "2017-08", persons=[person("FIX"), person("SAME")],
                        benefits=cash_weeks("FIX", -300, 0, skip=range(-100, -96)) + cash_weeks("SAME", -300, 0))
    sep = write_extract(root, "2017-09", persons=[person("FIX"), person("SAME")], benefits=[restated])
    octo = write_extract(root, "2017-10", persons=[person("FIX"), person("SAME")], benefits=[back])
    db = tmp_path / "monitor.duckdb"
    for folder in (aug, sep, octo):  # one load each: the spell versions are rebuilt for the touched persons only
        assert store.ingest(db, [folder]).ok

    def versions(con):
        return con.sql("select person_id, at_reference, extract_month, valid_to from spell_versions order by all").fetchall()

    def groups(con):
        out = {}
        for vintage in ("2017-08", "2017-09", "2017-10"):
            derive.build_target_group(con, settings(), vintage)
            out[vintage] = target_group(con)
        return out

    # FIX: 4 weeks without (in G), then week R-96 restated as without (a 5-week gap: out), then back
    expected = [("FIX", True, "2017-08", "2017-09"), ("FIX", True, "2017-09", "2017-10"), ("FIX", True, "2017-10", None),
                ("SAME", True, "2017-08", None)]
    con = store.connect(db, read_only=False)
    assert versions(con) == expected
    assert groups(con) == {"2017-08": {"FIX", "SAME"}, "2017-09": {"SAME"}, "2017-10": {"FIX", "SAME"}}
    incremental = con.sql("select * from spell_versions order by all").fetchall()
    queries.run(con, "build_spell_versions", derive.spell_rule(settings()) | {
        "everyone": True, "changed": [], "parameters": json.dumps(derive.spell_rule(settings()), sort_keys=True),
    })  # every person from scratch
    assert con.sql("select * from spell_versions order by all").fetchall() == incremental
    con.close()

    # October delivered again without the restatement: FIX's September version holds from then on
    octo_again = write_extract(tmp_path / "again", "2017-10", persons=[person("FIX"), person("SAME")], benefits=[])
    assert store.ingest(db, [octo_again], replace=True).ok
    con = store.connect(db, read_only=False)
    assert versions(con) == [("FIX", True, "2017-08", "2017-09"), ("FIX", True, "2017-09", None),
                             ("SAME", True, "2017-08", None)]
    assert groups(con)["2017-10"] == {"SAME"}
    con.close()
