"""What a page says for the codes our rule data uses (a page never shows the code itself)."""

# How far a rule's source was checked (deadline rules, 立案追诉标准): H, M, L in the data files.
CONFIDENCE = {"H": "条文已核对", "M": "二手来源或需解释", "L": "本地实务，待核对"}


def confidence_label(code: str) -> str:
    return CONFIDENCE.get(code, "未标明")
