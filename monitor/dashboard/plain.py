"""Values from outside (URL parameters, login claims, files) shown as plain text.

Streamlit renders Markdown (links, images, bold, `$...$` LaTeX, `:red[...]` directives) and
some HTML in st.markdown, st.caption, st.warning and widget labels. A value from outside goes
into such text only through `markdown()`, which escapes every character that could start
markup, so `[Klik her](https://evil.example/login)` reads literally and nothing is fetched or
linked. Where a whole line is from outside, `st.text` (never parsed) is the other way.
"""

from __future__ import annotations

import re

# every ASCII punctuation character CommonMark lets a backslash escape
_SPECIAL = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# GFM turns bare addresses into links after escapes are read ("https://x", "www.x", "a@b.dk");
# an invisible zero-width space where they start keeps them text
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=/)|(?=@)|(?<=www)(?=\.)")
ZERO_WIDTH_SPACE = "\u200b"


def markdown(value: object) -> str:
    """Any value as Markdown that reads exactly as the value: punctuation escaped, line breaks
    and tabs as spaces (a line break could start a heading, list or quote), bare web and
    e-mail addresses kept from becoming links."""
    text = "" if value is None else str(value)
    text = re.sub(r"[\r\n\t\v\f\u2028\u2029]+", " ", text)
    return _SPECIAL.sub(r"\\\1", _AUTOLINK.sub(ZERO_WIDTH_SPACE, text))
