"""Classify stage: partner type, topic and kind from rule files, with explanations.

Pure: this package imports no database, network, clock or settings module. It reads rule
files only in :func:`load_ruleset`; everything else is a function of a ParsedMessage and
an already loaded :class:`RuleSet`.

Public API::

    ruleset = load_ruleset(default_rules_dir())   # raises RuleSetError with every problem
    result = ruleset.classify(parsed_message)     # Classification, with explanation hits
    results = run_examples(ruleset, rules_dir)    # the [[example]] entries, for `rules test`
"""

from mailflow.classify.engine import RuleFile, RuleSet
from mailflow.classify.examples import Example
from mailflow.classify.loader import default_rules_dir, load_ruleset
from mailflow.classify.replay import ExampleResult, run_examples
from mailflow.classify.result import Actions, Classification, Hit

__all__ = [
    "Actions",
    "Classification",
    "Example",
    "ExampleResult",
    "Hit",
    "RuleFile",
    "RuleSet",
    "default_rules_dir",
    "load_ruleset",
    "run_examples",
]
