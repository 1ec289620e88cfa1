"""Outreach from Slack: enroll in a sequence (``enroll``), tag (``tag``) and send a message
(``message``), from a contact card's overflow menu or a results thread's **Enroll all** /
**Tag all**. Each opens its modal at once (a loading view), asks Leonar what to offer, then
shows the real modal; its submission answers in the thread of the card or results."""
