"""Threshold values read from the 违法事实 and 处罚内容 (liangfa.facts), kept on the case with their source.

A case's `text_values` holds, per case field, the value read from the text and where it stands (which
text, character offsets, the sentence, the arithmetic or unit conversion), and the figures that could not
be told (ambiguous, with the reason). The value itself goes into the case's threshold column only when the
agency's file left that column empty: a structured column always wins. Screening reads the columns as it
always did, and the marker tells it a figure came from text and needs checking until a person confirms it.

    {"values": {"sales_amount": {"value": "36000", "status": "extracted", "how": "derived",
                                 "where": "违法事实", "quote": "…", "sources": [{…}]}},
     "ambiguous": [{"field": "", "name": "", "reason": "…", "sources": [{…}]}]}
"""

from decimal import Decimal
from functools import cache

from liangfa.core.amounts import format_amount
from liangfa.facts import METRICS, Extraction, combine, extract, only_penalty

# liangfa.facts metric → PenaltyCase field (the metrics with no case field are not kept)
FIELD_OF = {
    "sales_amount": "sales_amount", "goods_value": "goods_value", "illegal_gain": "illegal_gain",
    "illegal_business_amount": "illegal_business_amount", "evaded_tax": "tax_evaded", "evaded_duty": "tax_evaded",
    "area_mu": "area_mu", "timber_volume_m3": "volume_m3", "invoice_face_amount": "invoice_face_amount",
    "invoice_count": "invoice_count", "invoice_tax_amount": "invoice_tax_amount",
    "refund_fraud_amount": "refund_fraud_amount", "deposit_amount": "deposit_amount",
    "depositor_count": "depositor_count", "direct_loss": "direct_loss", "tree_value": "tree_value",
    "mineral_value": "mineral_value", "sapling_count": "sapling_count", "cigarettes_count": "cigarettes_count",
    "hazardous_waste_t": "hazardous_waste_t",
}
FIELDS = sorted(set(FIELD_OF.values()))
WHOLE = {"invoice_count", "depositor_count", "sapling_count", "cigarettes_count"}  # counted by the piece
TEXT_NAMES = {"facts": "违法事实", "penalty": "处罚内容"}
HOW_CN = {"stated": "直接写明", "total": "写明的合计数", "sum": "各项相加", "derived": "按单价×数量计算"}
STATUS_CN = {"extracted": "从文字中识别，需人工核实", "confirmed": "已人工核实", "corrected": "已人工更正"}
ROLE_CN = {"item": "计入", "total": "合计", "part": "其中数（不重复计入）", "restated": "重复表述（不重复计入）"}
QUOTE_AROUND = 14  # characters of the sentence either side of the figure in a clue's quote


def read_texts(facts: str, penalty: str) -> Extraction:
    """Both texts read; a 处罚内容 that only states the fine (罚款人民币5000元) is not read: every figure in
    it would be set aside as the penalty, never an amount of the conduct."""
    penalty = penalty or ""
    read_penalty = Extraction(field="penalty") if only_penalty(penalty) else extract(penalty, "penalty")
    return combine(extract(facts or "", "facts"), read_penalty)


def text_values(facts: str, penalty: str, given: dict) -> tuple[dict | None, dict]:
    """(the marker to store, {field: value} to fill into the columns `given` left empty)."""
    found = read_texts(facts, penalty)
    if not found.values and not found.ambiguous:
        return None, {}
    texts = {"facts": facts or "", "penalty": penalty or ""}
    values, fill, ambiguous = {}, {}, []
    by_field: dict[str, list] = {}
    for metric, value in found.values.items():
        name = FIELD_OF.get(metric)
        if name is not None:
            by_field.setdefault(name, []).append(value)
    for name, found_values in by_field.items():
        if given.get(name) is not None:
            continue  # the agency's column wins
        if len({v.value for v in found_values}) > 1:  # 偷税 and 偷逃应缴税款 read differently
            ambiguous.append({"field": name, "name": found_values[0].name,
                              "reason": "同一数额在文中有两种写法：" + "、".join(_plain(v.value) for v in found_values),
                              "sources": [_source(s, texts) for v in found_values for s in v.sources]})
            continue
        value = found_values[0]
        amount = _normal(to_column(name, value.value))
        if name in WHOLE and amount != amount.to_integral_value():
            ambiguous.append({"field": name, "name": value.name, "reason": f"数量不是整数（{_plain(amount)}）",
                              "sources": [_source(s, texts) for s in value.sources]})
            continue
        sources = [_source(s, texts) for s in value.sources]
        main = next((s for s in sources if s["role"] in ("item", "total")), sources[0])
        values[name] = {"value": _plain(amount), "name": value.name, "unit": value.unit, "how": value.how,
                        "approx": value.approx, "status": "extracted", "where": TEXT_NAMES.get(main["field"], ""),
                        "quote": _quote(main, texts), "sources": sources}
        fill[name] = int(amount) if name in WHOLE else amount
    for item in found.ambiguous:
        name = FIELD_OF.get(item.metric, "")
        if item.metric and not name:
            continue  # a metric the case does not record
        if name and (given.get(name) is not None or name in values):
            continue
        ambiguous.append({"field": name, "name": METRICS[item.metric][0] if item.metric else "",
                          "reason": item.reason, "sums": [_plain(_normal(x)) for x in item.sums],
                          "sources": [_source(s, texts) for s in item.candidates]})
    if not values and not ambiguous:
        return None, {}
    return {"values": values, "ambiguous": ambiguous}, fill


def apply_to_row(values: dict) -> None:
    """The importer's step: fill the empty threshold columns of a cleaned row from its texts."""
    marker, fill = text_values(values.get("facts", ""), values.get("penalty_content", ""), values)
    values.update(fill)
    values["text_values"] = marker


def keep_confirmed(old_marker: dict | None, old: dict, values: dict) -> None:
    """A value a person confirmed or corrected survives a new delivery of the same texts (with its column
    still empty): the delivery brings nothing the person has not seen."""
    if not old_marker or old.get("facts") != values.get("facts") \
            or old.get("penalty_content") != values.get("penalty_content"):
        return
    kept = {name: entry for name, entry in old_marker.get("values", {}).items()
            if entry.get("status") in ("confirmed", "corrected")}
    if not kept:
        return
    marker = values.get("text_values") or {"values": {}, "ambiguous": []}
    for name, entry in kept.items():
        if name in values and values[name] is not None and name not in marker["values"]:
            continue  # the delivery now has the column: it wins
        marker["values"][name] = entry
        marker["ambiguous"] = [a for a in marker["ambiguous"] if a.get("field") != name]
        values[name] = old[name]
    values["text_values"] = marker


def _source(source, texts: dict) -> dict:
    """As stored: offsets into the case's own text, which is stored beside it (the sentence is read from the
    text when shown, `sentence_of`), and only the notes that say something."""
    stored = {"field": source.field, "start": source.start, "end": source.end, "text": source.text,
              "role": source.role, "amount": _plain(source.amount)}
    if source.derived:
        stored["derived"] = source.derived
    if source.approx:
        stored["approx"] = source.approx
    if source.notes:
        stored["notes"] = list(source.notes)
    if source.context:
        stored["words"] = list(source.context)
    return stored


_SENTENCE_END = frozenset("。；;！？!?\n")
SENTENCE_SHOWN = 300  # characters of a source's sentence shown


def sentence_of(source: dict, texts: dict) -> str:
    """The sentence a figure stands in, from the text it was read in (markers stored before 2026-11-30
    carry it themselves)."""
    if "sentence" in source:
        return source["sentence"]
    text = texts.get(source["field"]) or ""
    start = source["start"]
    if not text or start > len(text):
        return ""
    begin = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(ch, start) for ch in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[begin:end].strip()[:SENTENCE_SHOWN]


def texts_of(case) -> dict:
    return {"facts": case.facts or "", "penalty": case.penalty_content or ""}


def _quote(source: dict, texts: dict) -> str:
    text = texts.get(source["field"], "")
    start, end = max(0, source["start"] - QUOTE_AROUND), min(len(text), source["end"] + QUOTE_AROUND // 2)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def to_column(name: str, value: Decimal) -> Decimal:
    """As the column keeps it (2 decimals for 元, 3 for 亩 and 立方米): the case's digest covers what is stored."""
    quantum = _quanta().get(name)
    return Decimal(value).quantize(quantum) if quantum is not None else Decimal(value)


@cache
def _quanta() -> dict[str, Decimal]:
    from django.db.models import DecimalField

    from liangfa.cases.models import PenaltyCase

    return {f.name: Decimal(1).scaleb(-f.decimal_places) for f in PenaltyCase._meta.fields
            if isinstance(f, DecimalField)}


def _normal(value: Decimal) -> Decimal:
    value = Decimal(value)
    if value.as_tuple().exponent == 0:
        return value  # the common case: a whole number as read
    return value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()


def _plain(value: Decimal) -> str:
    return format(_normal(value), "f")


_ONE = Decimal(1)


# ---- what a page shows -------------------------------------------------------------------------------------

def highlighted(text: str, field: str, marker: dict | None) -> list[tuple[str, dict | None]]:
    """The text cut into pieces, each figure a source of a value or an ambiguous reading marked: a template
    prints [(piece, mark)] with <mark> where mark is not None."""
    if not marker or not text:
        return [(text, None)]
    spans = []
    for name, entry in marker.get("values", {}).items():
        for s in entry.get("sources", []):
            if s["field"] == field:
                spans.append((s["start"], s["end"], {"field": name, "name": entry.get("name", ""),
                                                      "status": entry.get("status"), "role": s["role"]}))
    for item in marker.get("ambiguous", []):
        for s in item.get("sources", []):
            if s["field"] == field:
                spans.append((s["start"], s["end"], {"field": item.get("field", ""), "name": item.get("name", ""),
                                                      "status": "ambiguous", "role": s["role"]}))
    pieces, at = [], 0
    for start, end, mark in sorted(spans, key=lambda x: (x[0], -x[1])):
        if start < at or end > len(text):
            continue  # overlapping spans (a worked-out value spans its parts): the first one shows
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], mark))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def page_rows(case) -> tuple[list[dict], list[dict]]:
    """(values, ambiguous) as the case page lists them, each with its label, status and source in words."""
    marker = case.text_values or {}
    texts = texts_of(case)
    rows = []
    for name, entry in sorted(marker.get("values", {}).items(), key=lambda kv: FIELDS.index(kv[0])):
        sources = entry.get("sources", [])
        rows.append({
            "field": name, "label": _label(name), "value": entry.get("value"), "read": entry.get("read"),
            "shown": _shown(entry.get("value"), entry.get("unit") or _unit_of(name)),
            "how": HOW_CN.get(entry.get("how", ""), ""), "approx": entry.get("approx"),
            "status": entry.get("status"), "status_cn": STATUS_CN.get(entry.get("status"), ""),
            "where": entry.get("where") or "违法事实", "by": entry.get("by", ""), "note": entry.get("note", ""),
            "sources": [_source_row(s, texts) for s in sources],
        })
    ambiguous = [{"field": a.get("field", ""), "label": _label(a["field"]) if a.get("field") else "未能确定是哪一种数额",
                  "reason": a.get("reason", ""), "sums": a.get("sums", []),
                  "sources": [_source_row(s, texts) for s in a.get("sources", [])]}
                 for a in marker.get("ambiguous", [])]
    return rows, ambiguous


def api_rows(marker: dict | None, texts: dict) -> tuple[list[dict], list[dict]]:
    """(values, ambiguous) as the API gives them: each value with its metric, unit, status, whether a person
    confirmed it, and every source with its text, character offsets and sentence."""
    marker = marker or {}
    values = []
    for name, entry in sorted(marker.get("values", {}).items(), key=lambda kv: FIELDS.index(kv[0])):
        status = entry.get("status", "extracted")
        values.append({
            "field": name, "metric": entry.get("name") or _label(name), "value": entry.get("value"),
            "unit": entry.get("unit", ""), "how": entry.get("how", ""), "how_label": HOW_CN.get(entry.get("how", ""), ""),
            "approx": bool(entry.get("approx")), "status": status, "status_label": STATUS_CN.get(status, ""),
            "confirmed": status in ("confirmed", "corrected"), "read_value": entry.get("read"),
            "by": entry.get("by", ""), "note": entry.get("note", ""), "where": entry.get("where") or "违法事实",
            "quote": entry.get("quote", ""), "sources": [_api_source(s, texts) for s in entry.get("sources", [])],
        })
    ambiguous = [{"field": a.get("field", ""), "metric": a.get("name", "") or "未能确定是哪一种数额",
                  "reason": a.get("reason", ""), "candidates": a.get("sums", []),
                  "sources": [_api_source(s, texts) for s in a.get("sources", [])]}
                 for a in marker.get("ambiguous", [])]
    return values, ambiguous


def _api_source(s: dict, texts: dict) -> dict:
    return {"field": s["field"], "field_label": TEXT_NAMES.get(s["field"], ""), "start": s["start"], "end": s["end"],
            "text": s["text"], "sentence": sentence_of(s, texts), "role": s.get("role", ""),
            "role_label": ROLE_CN.get(s.get("role", ""), ""), "amount": s.get("amount", ""),
            "derived": s.get("derived", ""), "words": list(s.get("words", []))}


def field_choices() -> list[tuple[str, str]]:
    """In the order of the metrics (money first, as 违法事实 most often state it), not by field name."""
    return [(name, _label(name)) for name in dict.fromkeys(FIELD_OF.values())]


def _shown(value: str | None, unit: str) -> str:
    """3600 → 3,600.00 元, as the case's own columns show money."""
    if value in (None, ""):
        return ""
    return format_amount(Decimal(value), unit)


def _unit_of(name: str) -> str:
    return next((METRICS[m][1] for m, f in FIELD_OF.items() if f == name), "")


def _label(name: str) -> str:
    from liangfa.cases.models import PenaltyCase

    return str(PenaltyCase._meta.get_field(name).verbose_name)


def _source_row(s: dict, texts: dict) -> dict:
    notes = [n for n in s.get("notes", []) if n]
    return {"where": TEXT_NAMES.get(s["field"], ""), "text": s["text"], "sentence": sentence_of(s, texts),
            "role": ROLE_CN.get(s.get("role", ""), ""), "derived": s.get("derived", ""),
            "notes": "；".join(notes), "words": "、".join(s.get("words", []))}
