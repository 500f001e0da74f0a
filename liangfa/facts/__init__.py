"""Reading 违法事实: the amounts and quantities the 立案追诉标准 use, and the crimes the facts point to.

Pure Python, no Django models, nothing above liangfa.core imported (screening imports this, not the other
way round). `extract` reads figures (extract.py), `suggest_crimes` ranks crimes (crimes.py).
"""

from liangfa.facts.crimes import Match, Suggestion, suggest_crimes
from liangfa.facts.extract import extract, has_figures, only_penalty
from liangfa.facts.result import METRICS, Ambiguity, Extraction, Source, Value, combine

__all__ = ["METRICS", "Ambiguity", "Extraction", "Match", "Source", "Suggestion", "Value", "combine", "extract",
           "has_figures", "only_penalty", "suggest_crimes"]
