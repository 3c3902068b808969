"""Which searches get the helpline notice: words about suicide, self-harm or an overdose, as
search engines do for such queries. The notice is the same for every reader of a query, so
the results page is cached like any other."""

from __future__ import annotations

import re

# A query that holds one of these (any case, words whole) gets the notice.
RISK = re.compile(
    r"\b(?:"
    r"suicid\w*|kill(?:ing)?\s+my\s*self|end(?:ing)?\s+(?:my|it)\s+(?:life|all)"
    r"|take\s+my\s+(?:own\s+)?life|want(?:ing)?\s+to\s+die|wish\s+i\s+(?:was|were)\s+dead"
    r"|better\s+off\s+dead|no\s+reason\s+to\s+live|hang(?:ing)?\s+my\s*self"
    r"|self[\s-]*harm\w*|hurt(?:ing)?\s+my\s*self|cut(?:ting)?\s+my\s*self"
    r"|over[\s-]*dos\w*|od(?:ing|'?d)?\s+on"
    r")\b",
    re.IGNORECASE,
)


def offers_help(query: str) -> bool:
    """Whether a search for `query` shows the helpline notice above its results."""
    return bool(query) and RISK.search(" ".join(query.split())) is not None
