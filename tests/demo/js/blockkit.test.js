// Unit tests of standins/static/blockkit.js (run by tests/demo/test_blockkit_js.py via `node --test`).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const BK = require(path.join(__dirname, "..", "..", "..", "standins", "static", "blockkit.js"));

const ctx = {
  users: { U0ALICE: { real_name: "Alice Martin", name: "alice" } },
  channels: { C0GENERAL: "general" },
};

test("mrkdwn basics: bold, italics, strike, code, links, mentions", () => {
  const html = BK.mrkdwn("*Sophie* _Paris_ ~old~ `id_1` <https://x.io/a?b=1&amp;c=2|Open &amp; see> <@U0ALICE> <#C0GENERAL>", ctx);
  assert.match(html, /<b>Sophie<\/b>/);
  assert.match(html, /<i>Paris<\/i>/);
  assert.match(html, /<s>old<\/s>/);
  assert.match(html, /<code class="bk-code">id_1<\/code>/);
  assert.match(html, /<a class="bk-link" href="https:\/\/x.io\/a\?b=1&amp;c=2" [^>]*>Open &amp; see<\/a>/);
  assert.match(html, /@Alice Martin<\/span>/);
  assert.match(html, /#general<\/span>/);
});

test("mrkdwn code blocks and quotes", () => {
  const html = BK.mrkdwn("before\n```\nx = *not bold* <b>\n```\n&gt; quoted *line*\nafter", ctx);
  assert.match(html, /<pre class="bk-pre">x = \*not bold\* &lt;b&gt;\n<\/pre>/);
  assert.match(html, /<blockquote class="bk-quote">quoted <b>line<\/b><\/blockquote>/);
  assert.match(html, /after$/);
});

test("no HTML injection from escaped or raw text", () => {
  const evil = '<img src=x onerror="alert(1)">';
  const escaped = "&lt;img src=x onerror=\"alert(1)\"&gt; <javascript:alert(1)|click> <https://ok.io|<b>x</b>>";
  for (const html of [
    BK.mrkdwn(evil, ctx),
    BK.mrkdwn(escaped, ctx),
    BK.textObject({ type: "plain_text", text: evil }, ctx),
    BK.renderBlocks([
      { type: "header", text: { type: "plain_text", text: evil } },
      { type: "section", text: { type: "mrkdwn", text: escaped }, fields: [{ type: "mrkdwn", text: evil }],
        accessory: { type: "button", action_id: "a\"><script>", text: { type: "plain_text", text: evil } } },
      { type: "image", image_url: "javascript:alert(1)", alt_text: evil },
      { type: "context", elements: [{ type: "mrkdwn", text: evil }] },
    ], ctx),
  ]) {
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /<script/);
    assert.doesNotMatch(html, /href="javascript:/);
    assert.doesNotMatch(html, /<b>x<\/b>/);
  }
  assert.match(BK.mrkdwn(escaped, ctx), /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  assert.match(BK.mrkdwn("<javascript:alert(1)|click>", ctx), /^click$/);
});

test("section with fields and accessory button carries the ids the page clicks by", () => {
  const html = BK.renderBlock({
    type: "section", block_id: "c1", text: { type: "mrkdwn", text: "*Thomas Dubois*" },
    fields: [{ type: "mrkdwn", text: "*Company*\nBack Market" }],
    accessory: { type: "button", action_id: "enrich", style: "primary", value: "42", text: { type: "plain_text", text: "Enrich" } },
  }, Object.assign({ ts: "1.0001" }, ctx));
  assert.match(html, /class="bk-fields"><div class="bk-field"><b>Company<\/b><br>Back Market<\/div>/);
  assert.match(html, /<button type="button" class="bk-button bk-primary" data-block-id="c1" data-action-id="enrich" data-type="button" data-ts="1.0001">Enrich<\/button>/);
});

test("actions: static select, overflow, datepicker", () => {
  const html = BK.renderBlock({
    type: "actions", block_id: "a",
    elements: [
      { type: "static_select", action_id: "s", placeholder: { type: "plain_text", text: "Stage" },
        options: [{ text: { type: "plain_text", text: "Sourced" }, value: "st1" }, { text: { type: "plain_text", text: "Hired" }, value: "st2" }],
        initial_option: { text: { type: "plain_text", text: "Hired" }, value: "st2" } },
      { type: "overflow", action_id: "o", options: [{ text: { type: "plain_text", text: "Open in Leonar" }, value: "open" }] },
      { type: "datepicker", action_id: "d", initial_date: "2026-01-31" },
    ],
  }, ctx);
  assert.match(html, /<option value="">Stage<\/option><option value="0">Sourced<\/option><option value="1" selected>Hired<\/option>/);
  assert.match(html, /class="bk-menu-item"[^>]*data-option="0">Open in Leonar<\/button>/);
  assert.match(html, /type="date"[^>]*value="2026-01-31"/);
});

test("modal inputs: label, optional, hint, error, state wins over initial values", () => {
  const blocks = [
    { type: "input", block_id: "t", label: { type: "plain_text", text: "Title" },
      element: { type: "plain_text_input", action_id: "v", initial_value: "old" } },
    { type: "input", block_id: "n", optional: true, label: { type: "plain_text", text: "Amount" },
      hint: { type: "plain_text", text: "In euros" }, element: { type: "number_input", action_id: "v", is_decimal_allowed: true } },
    { type: "input", block_id: "r", label: { type: "plain_text", text: "Outcome" },
      element: { type: "radio_buttons", action_id: "v", options: [
        { text: { type: "plain_text", text: "Won" }, value: "won" }, { text: { type: "plain_text", text: "Lost" }, value: "lost" }] } },
    { type: "input", block_id: "c", label: { type: "plain_text", text: "Company" },
      element: { type: "external_select", action_id: "v", min_query_length: 2 } },
  ];
  const html = BK.renderBlocks(blocks, Object.assign({
    viewId: "V1", state: { t: { v: { type: "plain_text_input", value: "new" } }, r: { v: { selected_option: { value: "lost" } } } },
    errors: { n: "Please enter a number." },
  }, ctx));
  assert.match(html, /<label class="bk-label">Title<\/label><input type="text" class="bk-text" data-block-id="t" data-action-id="v" data-type="plain_text_input" data-view-id="V1" placeholder="" value="new">/);
  assert.match(html, /Amount <span class="bk-optional">\(optional\)<\/span>/);
  assert.match(html, /inputmode="decimal"/);
  assert.match(html, /<div class="bk-hint">In euros<\/div><div class="bk-error" data-error-for="n">Please enter a number.<\/div>/);
  assert.match(html, /value="1" checked> <span>Lost/);
  assert.match(html, /class="bk-external"[^>]*data-min-query="2"/);
});

test("message body: blocks win over text; plain text otherwise; unfurls shown", () => {
  assert.match(BK.renderMessageBody({ text: "fallback", blocks: [{ type: "divider" }] }, ctx), /bk-divider/);
  assert.doesNotMatch(BK.renderMessageBody({ text: "fallback", blocks: [{ type: "divider" }] }, ctx), /fallback/);
  assert.match(BK.renderMessageBody({ text: "hi <@U0ALICE>", blocks: [] }, ctx), /@Alice Martin/);
  const unfurl = BK.renderMessageBody({ text: "x", blocks: [], unfurls: { "https://linkedin.com/in/x": { blocks: [{ type: "header", text: { type: "plain_text", text: "Sophie" } }] } } }, ctx);
  assert.match(unfurl, /bk-unfurl[^>]*><div class="bk-block bk-header"[^>]*>Sophie/);
});

test("unknown blocks and elements are shown as unsupported, not dropped silently", () => {
  assert.match(BK.renderBlock({ type: "video" }, ctx), /unsupported block: video/);
  assert.match(BK.renderElement({ type: "workflow_button" }, { block_id: "b" }, ctx), /\[workflow_button\]/);
});

test("the bot's emoji shortcodes are shown as emoji", () => {
  const html = BK.mrkdwn(":champagne: :tada: :hourglass_flowing_sand: :checkered_flag: :round_pushpin: :no_entry: :unknown_one:", ctx);
  assert.equal(html, "🍾 🎉 ⏳ 🏁 📍 ⛔ :unknown_one:");
});

test("controls for a whole list are set apart from its last card", () => {
  const button = (text) => ({ type: "button", action_id: text, text: { type: "plain_text", text } });
  const card = (n) => [
    { type: "section", block_id: `c${n}`, text: { type: "mrkdwn", text: `*Card ${n}*` } },
    { type: "actions", block_id: `a${n}`, elements: [button("Enrich")] },
  ];
  const footer = { type: "actions", block_id: "results_footer:s1", elements: [button("Enroll all"), button("Tag all")] };
  const html = BK.renderMessageBody({ blocks: [...card(1), ...card(2), footer] }, ctx);
  const apart = html.slice(html.indexOf('<div class="bk-footer">'));
  assert.match(apart, /Enroll all/);
  assert.match(apart, /Tag all/);
  assert.doesNotMatch(apart, /Enrich/);
  // a lone card's buttons, and the last card's own buttons, stay with the card
  const single = BK.renderMessageBody({ blocks: card(1) }, ctx);
  assert.doesNotMatch(single, /bk-footer/);
  const cardsOnly = BK.renderMessageBody({ blocks: [...card(1), ...card(2)] }, ctx);
  assert.doesNotMatch(cardsOnly, /bk-footer/);
});
