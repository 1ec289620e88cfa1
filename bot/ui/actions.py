"""Every action_id, callback_id and overflow verb the bot's messages and modals use: one place.

Handlers listen on these names and builders put them on buttons, so the two never drift apart.
"""

from __future__ import annotations

# --- contact cards (search results, unfurls) ---------------------------------------------
#: button "Enrich"; value: contact id
CONTACT_ENRICH = "contact_enrich"
#: button "Add to project"; value: contact id
CONTACT_ADD_TO_PROJECT = "contact_add_to_project"
#: overflow "More"; each option's value is "<verb>:<contact id>" (see CONTACT_VERBS)
CONTACT_MORE = "contact_more"
VERB_ENRICH_PHONE = "enrich_phone"
VERB_ENROLL = "enroll"
VERB_TAG = "tag"
VERB_MESSAGE = "message"
VERB_LINK_DEAL = "link_deal"
VERB_OPEN = "open"
VERB_NOTE = "note"
CONTACT_VERBS = (
    VERB_ENRICH_PHONE,
    VERB_ENROLL,
    VERB_TAG,
    VERB_MESSAGE,
    VERB_LINK_DEAL,
    VERB_NOTE,
)
#: verbs never offered for a do-not-contact contact
OUTREACH_VERBS = frozenset({VERB_ENROLL, VERB_MESSAGE})

# --- enrichment ----------------------------------------------------------------------------
#: buttons "Work email" / "Personal email" / "Phone" after Enrich, "Enrich anyway" and the pick
#: among several matching contacts; value: "<type>:<contact id>:<thread ts or empty>"
ENRICH_CHOOSE = "enrich_choose"
ENRICH_ANYWAY = "enrich_anyway"
ENRICH_PICK = "enrich_pick"
#: "Enrich all" under search results / a sourcing page; value: result set id
RESULTS_ENRICH_ALL = "results_enrich_all"
PROFILES_ENRICH_ALL = "profiles_enrich_all"
#: its confirmation modal (callback id) and the "Enrich anyway" checkbox (block and action id)
ENRICH_ALL_VIEW = "enrich_all_view"
ENRICH_ALL_ANYWAY = "enrich_all_anyway"
#: Slack message metadata event type on enrichment notifications (payload {"job_id": ...})
ENRICH_EVENT = "leonar_enrichment"

# --- search results thread ------------------------------------------------------------------
#: button "More results"; value: "<result set id>:<offset>"
RESULTS_MORE = "results_more"
#: button "Enroll all"; value: result set id
RESULTS_ENROLL_ALL = "results_enroll_all"
#: button "Tag all"; value: result set id
RESULTS_TAG_ALL = "results_tag_all"

# --- add to project modal (contact cards' "Add to project", `/leonar add`) ------------------
#: callback id of the modal
ADD_TO_PROJECT_VIEW = "add_to_project"
#: its "Project" static select (dispatch_action: the stages refresh) and "Stage" select
ADD_PROJECT_BLOCK = "add_project"
ADD_PROJECT_SELECT = "add_project_select"
ADD_STAGE_BLOCK = "add_stage"
ADD_STAGE_SELECT = "add_stage_select"

# --- LinkedIn sourcing results --------------------------------------------------------------
#: button "Add to project" on a profile; value: "<result set id>:<profile index>"
PROFILE_ADD = "profile_add"
#: button "Add all on this page"; value: result set id
PROFILES_ADD_PAGE = "profiles_add_page"
#: button "Next page"; value: result set id
PROFILES_NEXT_PAGE = "profiles_next_page"
#: the sourcing modal (callback id) and its location typeahead (multi_external_select)
SOURCING_VIEW = "sourcing_search"
SOURCING_LOCATIONS = "sourcing_locations"

# --- deals -------------------------------------------------------------------------------
DEAL_MOVE = "deal_move"
DEAL_CLOSE = "deal_close"
DEAL_LINK_CONTACT = "deal_link_contact"
DEAL_REOPEN = "deal_reopen"
#: ephemeral "Choose" button when several deals match; value "<move|close>:<deal id>"
DEAL_PICK = "deal_pick"
#: external selects in the deal modals (options; in move/close the deal one also dispatches)
DEAL_SEARCH = "deal_search"
DEAL_COMPANY_SEARCH = "deal_company_search"
DEAL_CONTACT_SEARCH = "deal_contact_search"
#: callback ids of the deal modals
DEAL_NEW_VIEW = "deal_new_view"
DEAL_MOVE_VIEW = "deal_move_view"
DEAL_CLOSE_VIEW = "deal_close_view"
DEAL_LINK_CONTACT_VIEW = "deal_link_contact_view"
DEAL_LINK_DEAL_VIEW = "deal_link_deal_view"

# --- outreach modals (enroll, tag, send message) ----------------------------------------------
#: callback ids of the modals
OUTREACH_ENROLL_VIEW = "outreach_enroll"
OUTREACH_TAG_VIEW = "outreach_tag"
OUTREACH_MESSAGE_VIEW = "outreach_message"
OUTREACH_MESSAGE_CONFIRM_VIEW = "outreach_message_confirm"
#: the message modal's Channel radio buttons (dispatch_action: the modal re-renders)
OUTREACH_MESSAGE_CHANNEL = "outreach_message_channel"

# --- connection ----------------------------------------------------------------------------
CONNECT = "leonar_connect"
#: the connect modal (callback id), its "API key" input and the admins' "Workspace settings" button
CONNECT_VIEW = "leonar_connect_view"
CONNECT_KEY_BLOCK = "connect_key"
CONNECT_KEY_INPUT = "connect_key_input"
CONNECT_DEFAULT_BLOCK = "connect_default"
CONNECT_DEFAULT_INPUT = "connect_default_input"
CONNECT_ADMIN = "leonar_connect_admin"
#: the admins' workspace settings modal (pushed from the connect modal)
ADMIN_VIEW = "leonar_admin_view"
ADMIN_RESULTS_BLOCK = "admin_results"
ADMIN_RESULTS_INPUT = "admin_results_input"
ADMIN_CLEAR_BLOCK = "admin_clear_default"
ADMIN_CLEAR_INPUT = "admin_clear_default_input"

# --- watches ---------------------------------------------------------------------------------
#: button "Unwatch" in `/leonar watches`; value: watch id
WATCH_UNWATCH = "watch_unwatch"
#: button "Watch" beside each project when `/leonar watch <name>` matched several; value: id
WATCH_PICK = "watch_pick"
#: Slack message metadata event type on watch messages (payload {"watch_id", "version"}): how a
#: worker finds out whether a change it was to tell is already in the channel
WATCH_EVENT = "leonar_watch"

# --- shortcuts (callback ids, must match app_manifest.yml) ----------------------------------
SHORTCUT_SEARCH = "search_leonar"
SHORTCUT_ADD_TO_PROJECT = "add_to_leonar_project"
#: message shortcut "Save to Leonar as a note", its modal and inputs ("Contact", "Note")
SHORTCUT_SAVE_NOTE = "save_leonar_note"
NOTE_VIEW = "leonar_note_view"
NOTE_CONTACT_BLOCK = "note_contact"
NOTE_CONTACT_SEARCH = "note_contact_search"
NOTE_TEXT_BLOCK = "note_text"
#: the "Search Leonar" modal (callback id of its submission)
SEARCH_MODAL_VIEW = "search_leonar_modal"

# --- App Home quick buttons ---------------------------------------------------------------------
HOME_SEARCH = "home_search"
HOME_SOURCE = "home_source"
HOME_NEW_DEAL = "home_new_deal"
HOME_CLOSE_DEAL = "home_close_deal"


def contact_verb_value(verb: str, contact_id: str) -> str:
    return f"{verb}:{contact_id}"


def split_verb_value(value: str) -> tuple[str, str]:
    """ "enroll:<id>" -> ("enroll", "<id>"); a value without a verb -> ("", value)."""
    verb, sep, rest = value.partition(":")
    return (verb, rest) if sep else ("", value)
