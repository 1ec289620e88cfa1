"""One resource class per Leonar API group, one module per group: ``contacts`` (contacts and
enrichment requests), ``projects``, ``sourcing`` (connected accounts, LinkedIn search, add to
project), ``deals`` (deals, deal pipelines, companies) and ``outreach`` (sequences, tags,
messages). ``_base`` holds what they share: the envelope, parsing, paging.

Methods take the id first, then keyword-only arguments, and return models (never a raw
response or dict). Every endpoint path and body shape lives in these modules: the **assumed**
ones (see docs/leonar-api.md) are marked so they are easy to correct. The client
(``bot.leonar.client``) imports the resources, never the reverse: a resource only needs a
:class:`~bot.leonar.resources._base.Requester`.
"""
