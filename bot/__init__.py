"""The Leonar Slack bot: Leonar's recruiting CRM, from a Slack channel."""

__version__ = "0.1.0"
