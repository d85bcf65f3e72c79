"""Role and home unit from a logged-in user's claims or the mapping in the settings."""

from __future__ import annotations

from monitor.dashboard import access, plain

UNITS = {"jobcentre": {"851", "101", "330"}, "star_office": {"OEST", "MIDTNORD", "SYD"}}
ACCESS = {
    "users": {"Leder@Aalborg.dk": {"role": "kommune", "unit": "851"},
              "chef@star.dk": {"role": "star"}},
    "domains": {"star.dk": {"role": "arbejdsmarkedskontor", "unit": "SYD"}, "bm.dk": {"role": "ministeriet"},
                "kk.dk": {"role": "kommune", "unit": "101"}},
}


def test_claims_win_over_the_mapping():
    claims = {"email": "leder@aalborg.dk", "monitor_role": "arbejdsmarkedskontor", "monitor_unit": "oest"}
    assert access.resolve(claims, ACCESS, UNITS) == ("arbejdsmarkedskontor", "star_office", "OEST")


def test_email_wins_over_domain_and_domain_maps_the_rest():
    assert access.resolve({"email": "leder@aalborg.dk"}, ACCESS, UNITS) == ("kommune", "jobcentre", "851")
    assert access.resolve({"email": "chef@star.dk"}, ACCESS, UNITS) == ("star", "country", "DK")
    assert access.resolve({"email": "anna@star.dk"}, ACCESS, UNITS) == ("arbejdsmarkedskontor", "star_office", "SYD")
    assert access.resolve({"email": "x@bm.dk"}, ACCESS, UNITS) == ("ministeriet", "country", "DK")


def test_unknown_users_get_a_reason_and_no_role():
    assert "ikke oprettet" in access.resolve({"email": "eve@evil.example"}, ACCESS, UNITS)
    assert "uden e-mailadresse" in access.resolve({"sub": "123"}, ACCESS, UNITS)
    assert "Rollen »admin« kendes ikke" in access.resolve({"email": "a@b.dk", "monitor_role": "admin"}, ACCESS, UNITS)
    assert "jobcenter »999« kendes ikke" in access.resolve(
        {"email": "a@b.dk", "monitor_role": "kommune", "monitor_unit": "999"}, ACCESS, UNITS)


def test_only_logged_in_ministry_and_star_see_unreleased_months():
    assert access.User(access.SERVICE, "star").may_see_unreleased
    assert access.User(access.SERVICE, "ministeriet").may_see_unreleased
    assert not access.User(access.SERVICE, "kommune").may_see_unreleased
    assert not access.User(access.OPEN, "ministeriet").may_see_unreleased
    assert not access.User(access.SERVICE, None).may_see_unreleased


def test_values_from_outside_read_as_plain_text():
    zwsp = plain.ZERO_WIDTH_SPACE  # where a bare address would start a link
    assert plain.markdown("[Klik her](https://evil.example/login)") == \
        r"\[Klik her\]\(https\:" + zwsp + r"\/\/evil\.example\/login\)"
    assert plain.markdown("![x](http://host/img.png)") == r"\!\[x\]\(http\:" + zwsp + r"\/\/host\/img\.png\)"
    assert plain.markdown("www.evil.dk a@b.dk") == "www" + zwsp + r"\.evil\.dk a" + zwsp + r"\@b\.dk"
    assert plain.markdown("**fed** $x^2$") == r"\*\*fed\*\* \$x\^2\$"
    assert plain.markdown("<img src=x>\n# Overskrift") == r"\<img src\=x\> \# Overskrift"
