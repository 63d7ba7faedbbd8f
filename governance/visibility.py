"""Which fields of a record a person may see.

Each app states, in its rules.py, one rule per model that hides fields from some
viewers (``@field_rule("governance.meeting", depends_on=[...])``). Every view of a
record asks the same rule: its own page, History, exports. A model with no rule shows
every field to anyone who may view the record at all.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldRule:
    hides: Callable[[object, object], Iterable[str]]
    # The fields whose past values change the answer (a flag like minutes_confidential):
    # History asks the rule once for each past combination of them.
    depends_on: tuple[str, ...]


_rules: dict[str, FieldRule] = {}


def field_rule(model_label: str, *, depends_on: Sequence[str] = ()):
    """Register the rule for a model, named "app_label.model_name" (so rules.py needs no
    model imports). The rule takes (user, record) and returns the names it hides."""

    def register(hides):
        if model_label in _rules:
            raise ValueError(f"A field rule for {model_label} is already registered.")
        _rules[model_label] = FieldRule(hides=hides, depends_on=tuple(depends_on))
        return hides

    return register


def hidden_fields(user, record) -> frozenset[str]:
    """The names of the record's fields (or page parts) this user may not see."""
    rule = _rules.get(record._meta.label_lower)
    return frozenset(rule.hides(user, record)) if rule else frozenset()


def hidden_fields_over_time(user, record, past_states: Sequence) -> list[frozenset[str]]:
    """For each past state of the record (History's versions), the fields hidden from the
    user: what the record hides now, and what that state hid then."""
    now = hidden_fields(user, record)
    rule = _rules.get(record._meta.label_lower)
    if rule is None or not rule.depends_on:
        return [now] * len(past_states)
    answers: dict[tuple, frozenset[str]] = {}
    hidden = []
    for state in past_states:
        key = tuple(getattr(state, name) for name in rule.depends_on)
        if key not in answers:
            answers[key] = now | frozenset(rule.hides(user, state))
        hidden.append(answers[key])
    return hidden
