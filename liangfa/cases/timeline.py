"""The case page's one timeline: the case's own changes, and the steps that apps above cases add.

An app that acts on cases (transfers, …) registers a source in its AppConfig.ready(); cases never
imports it. A source returns rows {time, what, actor, changes, note, url}.
"""

from collections.abc import Callable

SOURCES: list[Callable] = []


def register(source: Callable) -> Callable:
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def case_timeline(case) -> list[dict]:
    rows = [{"time": e.time, "what": e.label + (f"：{e.get_to_status_display()}" if e.to_status else ""),
             "actor": e.actor_name, "changes": e.change_rows(), "note": e.note, "url": ""} for e in case.events.all()]
    for source in SOURCES:
        rows += source(case)
    return sorted(rows, key=lambda r: r["time"])
