"""Sales deals: ``/leonar deal new | move [deal] | close [deal]``, the deal modals and their
submissions, the deal card's buttons (Move stage, Close, Link contact, Reopen), the typeahead
options, and the won-deal celebration.

- ``common``: opening a deal modal (loading view at once, then the built one), the modal
  builders, and showing a deal's card where the person works;
- ``start``: what opens a modal (the command, card buttons, "Choose", the contact card's "Link
  to deal", another deal picked in a modal) and the typeahead options;
- ``forms``: reading a submitted modal into a typed request (or the errors to show under it);
- ``submit``: running a submission (create, move, close, link) and Reopen.
"""
