"""Reading 违法事实: the amounts and quantities the 立案追诉标准 use, and the crimes the facts point to.

Pure Python, no Django models. `extract` for figures (extract.py), `suggest_crimes` for crimes (crimes.py).
"""

from liangfa.facts.extract import extract, has_figures
from liangfa.facts.result import METRICS, Ambiguity, Extraction, Source, Value, combine

__all__ = ["METRICS", "Ambiguity", "Extraction", "Source", "Value", "combine", "extract", "has_figures"]
