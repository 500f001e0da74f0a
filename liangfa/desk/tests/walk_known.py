"""Words the persona walk still meets on pages another branch is rewriting, by path pattern (see
liangfa.walk.pattern), as regexes; "文件名" lets a download keep its name. The workflow branch fixes these
(transfers, supervision and their documents): the lead removes each entry once that branch is merged, and the
walk then guards the page like any other."""

HASH = ["SHA-256", r"[0-9a-f]*[a-f][0-9a-f]*"]  # a document's fingerprint printed raw

KNOWN: dict[str, list[str]] = {
    # workflow branch fixes these
    "/transfers/N/": HASH,  # document and evidence fingerprints
    "/cases/N/": HASH,  # transfer steps on the case timeline carry the fingerprint in their note
    "/transfers/new/N/": ["R310"],  # the regulation by its research shorthand, not its name
    "/transfers/reverse/": ["R310"],
    "/transfers/reverse/N/": ["R310"],
    "/transfers/reverse/new/": ["R310"],
    "/transfers/N/documents/N/": ["文件名"],  # 1-transfer_letter-d8d0c626.docx
    "/supervision/documents/N/": ["文件名"],  # reasons_notice-ede773bd72.docx
    # kept: the 考评 indicators' own numbers (A01, B02 …), as evaluation rules number their items
    "/evaluation/indicators/": [r"[A-Z]\d{2}"],
}
