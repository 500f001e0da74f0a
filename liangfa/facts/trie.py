"""A list of words as one regular expression shaped like a trie.

Python's `re` tries the branches of "销售金额|销售额|销售|…" one after another at every position; the
same words nested by common prefix ("销售(?:金额|额)?") are found several times faster. Longest match
first, as the plain alternation sorted by length would.
"""

import re


def trie_pattern(words) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branch(trie)


def _branch(node: dict) -> str:
    ends = "" in node
    alternatives = [re.escape(ch) + _branch(sub) for ch, sub in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if ends else body
