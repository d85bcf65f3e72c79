"""The id rule of extracts.md 1.1 on free text: the Python rule and the vectorised one that pages use."""

import random

import polars as pl

from monitor.core import privacy

HIDDEN = privacy.HIDDEN


def test_free_text_hides_every_id_like_run_and_nothing_else():
    cases = {
        "Mappe /data/2019-08 indlæst": "Mappe /data/2019-08 indlæst",           # 7 characters: a month
        "person 0101701234 afvist": f"person {HIDDEN} afvist",                  # a CPR number
        "cpr 010170-1234.": f"cpr {HIDDEN}.",                                    # with its dash
        "101701234": HIDDEN,                                                     # 9 digits, leading zero lost
        "12345678": "12345678",                                                  # 8 digits
        "---------": "---------",                                                # dashes only
        "---------1": HIDDEN,                                                    # 10 with a digit
        "a 123456789 b 123456789": f"a {HIDDEN} b {HIDDEN}",
        "dato 2018-03-01": f"dato {HIDDEN}",                                     # 10 digits and dashes
    }
    for text, expected in cases.items():
        assert privacy.redact_text(text) == expected, text
    frame = pl.DataFrame({"t": list(cases) + [None]})
    assert frame.select(privacy.redact_column("t"))["t"].to_list() == list(cases.values()) + [None]


def test_vectorised_rule_agrees_with_the_python_rule_on_random_text():
    rng = random.Random(20261124)
    texts = ["".join(rng.choice("0123456789---- xæ\n") for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    vectorised = pl.DataFrame({"t": texts}).select(privacy.redact_column("t"))["t"].to_list()
    disagreeing = [t for t, v in zip(texts, vectorised) if v != privacy.redact_text(t)]
    assert disagreeing == []
