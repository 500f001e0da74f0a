"""The rule data compiled to one set-based query (DuckDB), for batch runs and back-testing.

Same semantics as engine.py, clause kind by clause kind, proven by tests/test_differential.py on
generated data: amounts (以上 includes the number) for 个人/单位, unhandled acts added up (an unhandled
case with every other unhandled act, a decided one with those committed on or before its decision),
repeats counted by effective date in the window before the act, the 逃税 gate, IP 合理嫌疑 at the
rule file's ratio, and the version in force at the act against the newest (从旧兼从轻, versions.py).
The strongest finding per crime is chosen as engine._judge does: needing no review first, then the
highest value/threshold; a line limited to a 土地类别 as engine._land_check. Clauses it cannot
express (weighted sums, `unless`, `with`, words in the facts, conduct-only crimes, a fallback crime)
are listed by `unsupported` and left out, so a back-test says what it did not judge instead of
judging it differently.

Input: a DuckDB relation `facts` (id, grp, party_kind, status, act, decided, effective, crime,
tax_notice, land_class) with one row per case and crime, and `amounts` (id, field, v) for the
amounts a case has.
"""

from datetime import date
from decimal import Decimal

from liangfa.screening.engine import UNHANDLED_STATUSES, UNITS_KINDS, _land_tops
from liangfa.screening.rules import METRIC_FIELDS, RuleBook, as_decimal

UNSUPPORTED_KEYS = ("sum_of", "unless", "with")
LINE_COLUMNS = ("crime VARCHAR, ver INT, eff DATE, ord INT, kind VARCHAR, metric VARCHAR, field VARCHAR, "
                "threshold DECIMAL(38,6), applies VARCHAR, need INT, years INT, review BOOLEAN, gated BOOLEAN, exempt BOOLEAN, "
                "classes VARCHAR, top DECIMAL(38,6), scale DECIMAL(38,6)")


def unsupported(book: RuleBook) -> list[tuple[str, str]]:
    """(crime, what) for every clause the query leaves out."""
    out = []
    for key, entry in book.versions():
        for t in entry.thresholds:
            if t.get("min") is not None and any(t.get(k) for k in UNSUPPORTED_KEYS):
                out.append((key, t.get("metric_cn") or t.get("metric", "")))
        if entry.fallback:
            out.append((key, "fallback"))
        if entry.named or (entry.threshold_type == "conduct" and entry.conditions):
            out.append((key, "conditions"))
        if entry.superseded or entry.new_offence:
            out.append((key, "version note"))
    return out


def _plain(t: dict) -> bool:
    return t.get("min") is not None and not any(t.get(k) for k in UNSUPPORTED_KEYS) \
        and METRIC_FIELDS.get(t.get("metric")) is not None


def _version_lines(key: str, ver: int, entry) -> list[tuple]:
    out = []
    gated, exempt = bool(entry.gate), bool((entry.gate or {}).get("repeat_exempt"))

    def add(kind, t, scale=Decimal(1), need=None, years=None, review=False, among=entry.thresholds):
        review = review or bool(t.get("condition") or t.get("all_of"))
        # 土地类别: the highest figure of the metric among the lines limited to a class (engine._land_tops)
        top = _land_tops(among).get(t["metric"]) if t.get("land_class") else None
        out.append((key, ver, entry.effective_from, len(out) + 1, kind, t["metric"], METRIC_FIELDS[t["metric"]],
                    as_decimal(t["min"]) * scale, t.get("applies_to") or "", need, years, review, gated, exempt,
                    ",".join(t.get("land_class") or ()), top, scale))

    for t in entry.thresholds:
        if _plain(t):
            add("amount", t)
    for spec in entry.repeats:
        if not spec or not spec.get("prior_admin_penalties_min"):
            continue
        need, years = int(spec["prior_admin_penalties_min"]), spec.get("window_years")
        years = int(years) if years else None
        review = bool(spec.get("prior_alternative"))
        ratio = spec.get("reduced_ratio")
        if spec.get("reduced_amounts"):
            for t in spec["reduced_amounts"]:
                if _plain(t):
                    add("repeat", t, need=need, years=years, review=review, among=spec["reduced_amounts"])
        elif ratio is not None and float(ratio) != 0.0:
            for t in entry.thresholds:
                if _plain(t):
                    add("repeat", t, as_decimal(ratio), need, years, review)
    if entry.ip_suspicion and entry.ip_ratio:
        for t in entry.thresholds:
            if _plain(t):
                add("ip", t, entry.ip_ratio, review=True)
    return out


def lines(book: RuleBook, crimes=None) -> list[tuple]:
    """One row per threshold a version can meet: amount, repeat (reduced) and IP lines, in the engine's
    order (amounts, then repeats; the IP line only where nothing else is met)."""
    return [row for key, chain in book.chains.items() if crimes is None or key in crimes
            for ver, entry in enumerate(chain) for row in _version_lines(key, ver, entry)]


def sql(today: date) -> str:
    unhandled = "(" + ", ".join(f"'{s}'" for s in UNHANDLED_STATUSES) + ")"
    units = "(" + ", ".join(f"'{s}'" for s in sorted(UNITS_KINDS)) + ")"
    return f"""
WITH
-- the version of each crime in force on a day: the last whose date is on or before it (or has none)
vers AS (SELECT DISTINCT crime, ver, coalesce(eff, DATE '0001-01-01') AS eff FROM lines),
newest AS (SELECT crime, max(ver) ver FROM vers WHERE eff <= DATE '{today}' GROUP BY crime),
pick AS (SELECT f.id, f.crime, coalesce(t.ver, 0) AS then_ver, t.ver IS NULL AS before_all, n.ver AS new_ver
         FROM facts f JOIN newest n USING (crime)
         ASOF LEFT JOIN vers t ON t.crime = f.crime AND f.act >= t.eff),
-- unhandled acts of a kind with an amount, and their running sums by date of the act
u AS (SELECT f.grp, f.crime, a.field, f.act, a.v FROM facts f JOIN amounts a USING (id)
      WHERE f.status IN {unhandled}),
u_total AS (SELECT grp, crime, field, sum(v) s, count(*) n FROM u GROUP BY ALL),
u_run AS (SELECT DISTINCT grp, crime, field, act,
                 sum(v) OVER w AS s, count(*) OVER w AS n FROM u
          WINDOW w AS (PARTITION BY grp, crime, field ORDER BY act RANGE UNBOUNDED PRECEDING)),
fields AS (SELECT DISTINCT crime, field FROM lines),
val AS (
  SELECT f.id, f.crime, fl.field, a.v AS own,
         CASE WHEN f.status IN {unhandled}
              THEN coalesce(t.s, 0) - coalesce(a.v, 0) ELSE coalesce(r.s, 0) END AS added,
         CASE WHEN f.status IN {unhandled}
              THEN coalesce(t.n, 0) - (a.v IS NOT NULL)::INT ELSE coalesce(r.n, 0) END AS added_n
  FROM facts f JOIN fields fl USING (crime)
  LEFT JOIN amounts a ON a.id = f.id AND a.field = fl.field
  LEFT JOIN u_total t ON t.grp = f.grp AND t.crime = f.crime AND t.field = fl.field
  ASOF LEFT JOIN u_run r ON r.grp = f.grp AND r.crime = f.crime AND r.field = fl.field AND f.decided >= r.act),
value AS (SELECT id, crime, field,
                 CASE WHEN own IS NULL AND added_n = 0 THEN NULL ELSE coalesce(own, 0) + added END AS v FROM val),
-- handled cases of a kind, counted by effective date (a count up to each date)
h AS (SELECT DISTINCT grp, crime, effective AS day, count(*) OVER w AS n FROM facts
      WHERE status NOT IN {unhandled} AND effective IS NOT NULL
      WINDOW w AS (PARTITION BY grp, crime ORDER BY effective RANGE UNBOUNDED PRECEDING)),
windows AS (SELECT DISTINCT crime, years FROM lines WHERE kind = 'repeat'),
priors AS (
  SELECT f.id, f.crime, w.years,
         coalesce(hi.n, 0) - coalesce(lo.n, 0)
           - (f.status NOT IN {unhandled} AND f.effective IS NOT NULL AND f.effective <= f.act
              AND (w.years IS NULL OR f.effective >= f.act - to_years(w.years)))::INT AS n
  FROM facts f JOIN windows w USING (crime)
  ASOF LEFT JOIN h hi ON hi.grp = f.grp AND hi.crime = f.crime AND f.act >= hi.day
  ASOF LEFT JOIN h lo ON lo.grp = f.grp AND lo.crime = f.crime
                      AND (CASE WHEN w.years IS NULL THEN DATE '0001-01-01' ELSE f.act - to_years(w.years) END) > lo.day),
met AS (
  SELECT f.id, f.crime, l.ver, l.ord, l.kind, l.metric, v.v AS value, l.threshold, l.exempt,
         l.review OR (l.gated AND l.kind <> 'ip' AND f.tax_notice <> 'unpaid'
                      AND NOT (l.kind = 'repeat' AND l.exempt))
         OR (l.classes <> '' AND f.land_class = '' AND v.v < l.top * l.scale) AS review
  FROM facts f JOIN lines l USING (crime)
  JOIN value v ON v.id = f.id AND v.crime = f.crime AND v.field = l.field
  LEFT JOIN priors p ON p.id = f.id AND p.crime = f.crime AND p.years IS NOT DISTINCT FROM l.years
  WHERE v.v IS NOT NULL AND v.v >= l.threshold
    AND (l.applies NOT IN ('单位', '个人', '扣缴义务人') OR (l.applies = '单位') = (f.party_kind IN {units}))
    AND l.applies <> '扣缴义务人'
    AND (l.kind <> 'repeat' OR p.n >= l.need)
    AND (l.classes = '' OR (f.land_class <> '' AND list_contains(string_split(l.classes, ','), f.land_class))
         OR (f.land_class = '' AND (v.v < l.top * l.scale OR l.threshold = l.top * l.scale)))
    -- the 逃税 gate: a notice complied with clears all but an exempt repeat
    AND NOT (f.tax_notice = 'complied' AND l.gated AND l.kind <> 'ip' AND NOT (l.kind = 'repeat' AND l.exempt))),
-- IP 合理嫌疑 only where a version met nothing else; the first line met, as engine._ip_suspicion
plain AS (SELECT * FROM met WHERE kind <> 'ip'),
ip AS (SELECT * FROM met m WHERE kind = 'ip' AND NOT EXISTS
         (SELECT 1 FROM plain p WHERE p.id = m.id AND p.crime = m.crime AND p.ver = m.ver)
       QUALIFY row_number() OVER (PARTITION BY id, crime, ver ORDER BY ord) = 1),
found AS (SELECT * FROM plain UNION ALL SELECT * FROM ip),
best AS (SELECT * FROM found QUALIFY row_number() OVER (
           PARTITION BY id, crime, ver ORDER BY review, value / threshold DESC,
           CASE kind WHEN 'amount' THEN 0 ELSE 1 END, ord) = 1),
-- a version lacking an amount it reads (own none and nothing added up): a question, not a pass
missing AS (SELECT DISTINCT f.id, f.crime, l.ver FROM facts f JOIN lines l USING (crime)
            JOIN value v ON v.id = f.id AND v.crime = f.crime AND v.field = l.field
            WHERE l.kind = 'amount' AND v.v IS NULL
              AND NOT (l.classes <> '' AND f.land_class <> ''
                       AND NOT list_contains(string_split(l.classes, ','), f.land_class))
              AND (l.applies NOT IN ('单位', '个人', '扣缴义务人') OR (l.applies = '单位') = (f.party_kind IN {units}))
              AND l.applies <> '扣缴义务人'),
chosen AS (
  SELECT p.id, p.crime,
    CASE WHEN p.then_ver = p.new_ver OR p.before_all THEN o.ver
         WHEN o.ver IS NOT NULL AND n.ver IS NOT NULL
           THEN CASE WHEN n.value * o.threshold < o.value * n.threshold THEN n.ver ELSE o.ver END
         WHEN o.ver IS NOT NULL AND mn.id IS NOT NULL THEN o.ver
         WHEN n.ver IS NOT NULL AND mo.id IS NOT NULL THEN n.ver END AS ver
  FROM pick p
  LEFT JOIN best o ON o.id = p.id AND o.crime = p.crime AND o.ver = p.then_ver
  LEFT JOIN best n ON n.id = p.id AND n.crime = p.crime AND n.ver = p.new_ver
  LEFT JOIN missing mo ON mo.id = p.id AND mo.crime = p.crime AND mo.ver = p.then_ver
  LEFT JOIN missing mn ON mn.id = p.id AND mn.crime = p.crime AND mn.ver = p.new_ver)
SELECT b.id, b.crime, b.ver, b.metric, b.value FROM chosen d
JOIN best b ON b.id = d.id AND b.crime = d.crime AND b.ver = d.ver
"""


def load_lines(con, book: RuleBook, crimes=None) -> int:
    """The rule data as the table `lines` the query reads; how many lines."""
    rows = lines(book, crimes)
    con.execute(f"CREATE OR REPLACE TABLE lines ({LINE_COLUMNS})")
    if rows:
        con.execute("INSERT INTO lines VALUES " + ", ".join([f"({', '.join('?' * 17)})"] * len(rows)),
                    [v for row in rows for v in row])
    return len(rows)


def flags(con, today: date) -> set[tuple]:
    """(case id, crime, version index, metric, value) per flag, over `facts`, `amounts` and `lines`."""
    return {(i, c, v, m, Decimal(str(x)).normalize()) for i, c, v, m, x in con.execute(sql(today)).fetchall()}
