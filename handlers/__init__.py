"""Slack listeners grouped by surface, as Slack's starter template does: each surface package
lists its listener modules in ``MODULES`` (each module has ``register(app)``);
``register_handlers`` wires them all, in one place.

A listener is thin: ack, parse the payload into a typed request, call ONE flow of bot/flows.
A listener module never imports another listener module."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers import actions, commands, events, options, shortcuts, views

SURFACES = (commands, actions, views, options, shortcuts, events)


def register_handlers(app: AsyncApp) -> None:
    for surface in SURFACES:
        for module in surface.MODULES:
            module.register(app)
