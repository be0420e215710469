"""A word or phrase of a rule, as folded tokens."""

from __future__ import annotations

from dataclasses import dataclass

from mailflow.classify.fold import fold, words


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase as folded tokens; a token ending in ``*`` matches as a prefix."""

    tokens: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Term:
        tokens: list[str] = []
        for raw in fold(text).split():
            star = raw.endswith("*")
            tokens.extend(words(raw))
            if star and tokens:
                tokens[-1] += "*"
        return cls(tuple(tokens))

    def matches_at(self, tokens: list[str], start: int, skip: int = 0) -> bool:
        """Whether the term is at ``start`` (its first ``skip`` tokens already checked)."""
        if start + len(self.tokens) > len(tokens):
            return False
        return all(
            _token_matches(self.tokens[offset], tokens[start + offset])
            for offset in range(skip, len(self.tokens))
        )


def _token_matches(want: str, got: str) -> bool:
    return got.startswith(want[:-1]) if want.endswith("*") else got == want
