"""Words the persona walk still meets on pages another branch is rewriting, by path pattern (see
liangfa.walk.pattern). The workflow branch fixes these (transfers, supervision, their documents): the lead
removes each entry once that branch is merged, and the walk then guards the page like any other."""

KNOWN: dict[str, set[str]] = {
}
