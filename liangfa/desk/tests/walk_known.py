"""Words the persona walk still meets on pages another branch is rewriting, by path pattern (see
liangfa.walk.pattern), as regexes. The workflow branch fixes these
(transfers, supervision and their documents): the lead removes each entry once that branch is merged, and the
walk then guards the page like any other."""

HASH = ["SHA-256", r"[0-9a-f]*[a-f][0-9a-f]*"]  # a document's fingerprint printed raw

KNOWN: dict[str, list[str]] = {
    # workflow branch fixes these
    # kept: the 考评 indicators' own numbers (A01, B02 …), as evaluation rules number their items
    "/evaluation/indicators/": [r"[A-Z]\d{2}"],
}
