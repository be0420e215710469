"""Compiled matchers: many rules, one pass over the text.

* :class:`Term` (``terms.py``): a word or phrase, ``format*`` matching as a prefix.
* :class:`WordIndex` (``wordindex.py``): finds many terms with set operations, so the
  cost of a message grows with its length, not with the number of terms.
* :class:`RegexSet` (``regexes.py``): regexes, each skipped unless a literal it needs is
  in the text.
"""

from mailflow.classify.regexes import RegexSet, compile_regex, fold_regex, required_literal
from mailflow.classify.terms import Term
from mailflow.classify.wordindex import WordIndex

__all__ = [
    "RegexSet",
    "Term",
    "WordIndex",
    "compile_regex",
    "fold_regex",
    "required_literal",
]
