"""Raise an action from any record: the one mechanism every area registers its models with.

An area says, once, which of its records an action can be raised from:

    register_action_source(
        "risk",                      # the ?source=risk:12 key
        "governance.risk",           # the model
        view_permission="governance.view_risk",
        initial=lambda risk: {"title": f"Reduce: {risk.title}"},
    )

and links to ``raise_action_url(record)``. The one "Add an action" page
(governance:action_create) then names the record, offers the form's fields with the
record's suggestions filled in, checks that the person may see the record (404 if
not), and stores the record as the action's source, which the action's page links
back to for those who may see it (governance.rules: the action field rule).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class ActionSource:
    key: str
    model_label: str
    # Who may raise an action from the record is who may see it: asked with the record,
    # or with what `permission_object` returns for it (a recommendation's activity, say).
    view_permission: str
    permission_object: Callable | None = None
    # Suggested values for the new action's fields: title, description, group, owner,
    # due_date, theme, rag. The person can change any of them.
    initial: Callable | None = None
    # Those who run the record (this permission, asked with the record) may raise an
    # action from it into the record's own group (`group_of`), though they chair no
    # group: a priority's lead puts the work of a deliverable in the log.
    raise_permission: str | None = None
    group_of: Callable | None = None

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def may_see(self, user, record) -> bool:
        target = self.permission_object(record) if self.permission_object else record
        return user.has_perm(self.view_permission, target)

    def initial_for(self, record) -> dict:
        return dict(self.initial(record)) if self.initial else {}

    def own_group_for(self, user, record):
        """The record's own group, if this user runs the record; else None."""
        if self.raise_permission and self.group_of and user.has_perm(self.raise_permission, record):
            return self.group_of(record)
        return None


_sources: dict[str, ActionSource] = {}


def register_action_source(
    key: str,
    model_label: str,
    *,
    view_permission: str,
    permission_object=None,
    initial=None,
    raise_permission: str | None = None,
    group_of=None,
) -> ActionSource:
    if key in _sources:
        raise ValueError(f"An action source called {key!r} is already registered.")
    source = ActionSource(
        key, model_label.lower(), view_permission, permission_object, initial, raise_permission, group_of
    )
    _sources[key] = source
    return source


def action_source(key: str) -> ActionSource | None:
    return _sources.get(key)


def action_source_for(record) -> ActionSource | None:
    label = record._meta.label_lower
    return next((source for source in _sources.values() if source.model_label == label), None)


def raise_action_url(record) -> str:
    """The "Add an action" page for an action raised from this record."""
    source = action_source_for(record)
    if source is None:
        raise LookupError(f"{record._meta.label} is not registered as an action source.")
    return f"{reverse('governance:action_create')}?source={source.key}:{record.pk}"
