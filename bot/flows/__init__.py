"""What a recruiter does, end to end, written once: each module is one feature's use cases.

A flow takes the request's ``Interaction`` (bot/slack/interaction.py) and a typed request, calls
services (which call Leonar and the store), renders with bot/ui and answers through the
Interaction. Listeners (handlers/) only ack, parse and call one flow."""
