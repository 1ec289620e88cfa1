/* Block Kit and mrkdwn to HTML for the demo page. Pure functions returning HTML strings; every
 * piece of text goes through escapeHtml, so nothing from Leonar or Slack can inject markup.
 * Works in the browser (window.BlockKit) and in node (module.exports) for the unit tests. */
(function (root) {
  "use strict";

  var EMOJI = {
    wave: "👋", white_check_mark: "✅", heavy_check_mark: "✔️", x: "❌", warning: "⚠️",
    hourglass: "⌛", hourglass_flowing_sand: "⏳", mag: "🔍", mag_right: "🔎", email: "📧",
    envelope: "✉️", phone: "📞", telephone_receiver: "📞", iphone: "📱", tada: "🎉",
    link: "🔗", bust_in_silhouette: "👤", busts_in_silhouette: "👥", briefcase: "💼",
    office: "🏢", round_pushpin: "📍", moneybag: "💰", star: "⭐", sparkles: "✨",
    rocket: "🚀", no_entry: "⛔", no_entry_sign: "🚫", lock: "🔒", key: "🔑",
    information_source: "ℹ️", bulb: "💡", calendar: "📅", date: "📅", clipboard: "📋",
    memo: "📝", pencil: "✏️", heavy_plus_sign: "➕", arrow_right: "➡️", trophy: "🏆",
    chart_with_upwards_trend: "📈", handshake: "🤝", robot_face: "🤖", eyes: "👀",
    thumbsup: "👍", "+1": "👍", raised_hands: "🙌", page_facing_up: "📄", gear: "⚙️",
    question: "❓", exclamation: "❗", red_circle: "🔴", large_green_circle: "🟢",
    large_blue_circle: "🔵", white_circle: "⚪", hammer_and_wrench: "🛠️", inbox_tray: "📥",
    outbox_tray: "📤", speech_balloon: "💬", linkedin: "in", globe_with_meridians: "🌐",
    champagne: "🍾", checkered_flag: "🏁", party_popper: "🎉", confetti_ball: "🎊",
    mailbox: "📫", mailbox_with_mail: "📬", calling: "📲", label: "🏷️", pushpin: "📌",
    hourglass_done: "⌛", stopwatch: "⏱️", bell: "🔔", heavy_minus_sign: "➖",
    arrows_counterclockwise: "🔄", leftwards_arrow_with_hook: "↩️", muscle: "💪", zap: "⚡"
  };

  function escapeHtml(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  /* Slack escapes only &, < and >; turn its entities back into characters. */
  function decodeSlack(value) {
    return String(value == null ? "" : value)
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  }

  function safeUrl(url) {
    var u = String(url == null ? "" : url).trim();
    if (/^(https?:\/\/|mailto:|tel:)/i.test(u)) return u;
    return null;
  }

  function emojify(html) {
    return html.replace(/:([a-z0-9_+\-]+):/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : all;
    });
  }

  function userName(ctx, id) {
    var users = (ctx && ctx.users) || {};
    var u = users[id];
    return u ? (u.real_name || u.name || id) : id;
  }

  function channelName(ctx, id) {
    var channels = (ctx && ctx.channels) || {};
    return channels[id] || id;
  }

  /* One <...> token of Slack text: a link, a mention or a special command. */
  function angleToken(inner, ctx) {
    var bar = inner.indexOf("|");
    var target = bar >= 0 ? inner.slice(0, bar) : inner;
    var label = bar >= 0 ? inner.slice(bar + 1) : "";
    if (target.charAt(0) === "@") {
      var uid = target.slice(1);
      var shown = label || userName(ctx, uid);
      return '<span class="bk-mention" data-user="' + escapeHtml(uid) + '">@' +
        escapeHtml(decodeSlack(shown)) + "</span>";
    }
    if (target.charAt(0) === "#") {
      var cid = target.slice(1);
      return '<span class="bk-mention bk-channel-mention">#' +
        escapeHtml(decodeSlack(label || channelName(ctx, cid))) + "</span>";
    }
    if (target.charAt(0) === "!") {
      var cmd = target.slice(1);
      if (cmd === "here" || cmd === "channel" || cmd === "everyone") {
        return '<span class="bk-mention">@' + escapeHtml(cmd) + "</span>";
      }
      if (cmd.indexOf("date^") === 0) {
        var parts = cmd.split("^");
        return escapeHtml(decodeSlack(label || parts[parts.length - 1] || ""));
      }
      return escapeHtml(decodeSlack(label || cmd));
    }
    var url = safeUrl(decodeSlack(target));
    var text = decodeSlack(label || (target.indexOf("mailto:") === 0 ? target.slice(7) : target));
    if (!url) return escapeHtml(text);
    return '<a class="bk-link" href="' + escapeHtml(url) +
      '" target="_blank" rel="noopener noreferrer">' + escapeHtml(text) + "</a>";
  }

  /* Inline mrkdwn of one line (no code blocks, no quotes). */
  function inline(text, ctx) {
    var slots = [];
    function keep(html) {
      slots.push(html);
      return "\u0000" + (slots.length - 1) + "\u0000";
    }
    var s = String(text).replace(/\u0000/g, "");
    s = s.replace(/`([^`\n]+)`/g, function (all, code) {
      return keep('<code class="bk-code">' + escapeHtml(decodeSlack(code)) + "</code>");
    });
    s = s.replace(/<([^<>\n]+)>/g, function (all, inner) {
      return keep(angleToken(inner, ctx));
    });
    s = escapeHtml(decodeSlack(s));
    s = s.replace(/(^|[^\w*])\*(?!\s)([^*\n]*?[^\s*])\*(?!\w)/g, "$1<b>$2</b>");
    s = s.replace(/(^|[^\w_])_(?!\s)([^_\n]*?[^\s_])_(?!\w)/g, "$1<i>$2</i>");
    s = s.replace(/(^|[^\w~])~(?!\s)([^~\n]*?[^\s~])~(?!\w)/g, "$1<s>$2</s>");
    s = emojify(s);
    return s.replace(/\u0000(\d+)\u0000/g, function (all, i) {
      return slots[Number(i)];
    });
  }

  /* Lines of mrkdwn outside code blocks: quotes ("> ", Slack sends "&gt; ") and line breaks. */
  function lines(text, ctx) {
    var out = [];
    var quote = [];
    function flush() {
      if (quote.length) {
        out.push('<blockquote class="bk-quote">' + quote.join("<br>") + "</blockquote>");
        quote = [];
      }
    }
    var rows = String(text).split("\n");
    var plain = [];
    function flushPlain() {
      if (plain.length) {
        out.push(plain.join("<br>"));
        plain = [];
      }
    }
    rows.forEach(function (row) {
      var m = /^(?:&gt;|>)\s?(.*)$/.exec(row);
      if (m) {
        flushPlain();
        quote.push(inline(m[1], ctx));
      } else {
        flush();
        plain.push(inline(row, ctx));
      }
    });
    flush();
    flushPlain();
    return out.join("<br>").replace(/<\/blockquote><br>/g, "</blockquote>");
  }

  /* Slack mrkdwn to safe HTML. */
  function mrkdwn(text, ctx) {
    var parts = String(text == null ? "" : text).split("```");
    var html = "";
    for (var i = 0; i < parts.length; i++) {
      var odd = i % 2 === 1;
      if (odd && i < parts.length - 1) {
        html += '<pre class="bk-pre">' + escapeHtml(decodeSlack(parts[i].replace(/^\n/, ""))) +
          "</pre>";
      } else {
        var chunk = odd ? "```" + parts[i] : parts[i];
        if (i > 0) chunk = chunk.replace(/^\n/, "");
        if (chunk) html += lines(chunk, ctx);
      }
    }
    return html;
  }

  function plain(value, emoji) {
    var html = escapeHtml(value == null ? "" : value).replace(/\n/g, "<br>");
    return emoji === false ? html : emojify(html);
  }

  /* A text object (plain_text or mrkdwn) or a plain string. */
  function textObject(obj, ctx) {
    if (obj == null) return "";
    if (typeof obj === "string") return plain(obj);
    if (obj.type === "mrkdwn") {
      return obj.verbatim ? plain(obj.text) : mrkdwn(obj.text, ctx);
    }
    return plain(obj.text, obj.emoji);
  }

  function rawText(obj) {
    if (obj == null) return "";
    return typeof obj === "string" ? obj : String(obj.text == null ? "" : obj.text);
  }

  function attr(name, value) {
    return " " + name + '="' + escapeHtml(value) + '"';
  }

  function idAttrs(block, el, ctx) {
    var html = attr("data-block-id", block.block_id || "") + attr("data-action-id", el.action_id || "");
    html += attr("data-type", el.type || "");
    if (ctx && ctx.ts) html += attr("data-ts", ctx.ts);
    if (ctx && ctx.viewId) html += attr("data-view-id", ctx.viewId);
    return html;
  }

  /* Every option of a select, groups flattened, in display order. */
  function optionsOf(el) {
    var out = [];
    (el.options || []).forEach(function (o) { out.push(o); });
    (el.option_groups || []).forEach(function (g) {
      (g.options || []).forEach(function (o) { out.push(o); });
    });
    return out;
  }

  function entryOf(block, el, ctx) {
    var values = ctx && ctx.state;
    if (!values || !block.block_id || !values[block.block_id]) return null;
    return values[block.block_id][el.action_id] || null;
  }

  function selectedValues(block, el, ctx) {
    var entry = entryOf(block, el, ctx);
    var picked = [];
    if (entry) {
      if (entry.selected_option) picked = [entry.selected_option];
      else if (entry.selected_options) picked = entry.selected_options;
    } else if (el.initial_option) {
      picked = [el.initial_option];
    } else if (el.initial_options) {
      picked = el.initial_options;
    }
    return picked.map(function (o) { return o && o.value; });
  }

  function optionTags(el, chosen) {
    var index = 0;
    function one(o) {
      var i = index++;
      var sel = chosen.indexOf(o.value) >= 0 ? " selected" : "";
      return "<option" + attr("value", String(i)) + sel + ">" + escapeHtml(rawText(o.text)) +
        "</option>";
    }
    var html = (el.options || []).map(one).join("");
    (el.option_groups || []).forEach(function (g) {
      html += "<optgroup" + attr("label", rawText(g.label)) + ">" +
        (g.options || []).map(one).join("") + "</optgroup>";
    });
    return html;
  }

  function pickerOptions(items, chosen) {
    return items.map(function (item) {
      return "<option" + attr("value", item.id) + (chosen.indexOf(item.id) >= 0 ? " selected" : "") +
        ">" + escapeHtml(item.label) + "</option>";
    }).join("");
  }

  function renderElement(el, block, ctx) {
    if (!el || typeof el !== "object") return "";
    var ids = idAttrs(block, el, ctx);
    var placeholder = rawText(el.placeholder);
    var entry = entryOf(block, el, ctx);
    switch (el.type) {
      case "button": {
        var cls = "bk-button" + (el.style === "primary" ? " bk-primary" : "") +
          (el.style === "danger" ? " bk-danger" : "");
        var url = el.url ? safeUrl(el.url) : null;
        return '<button type="button"' + attr("class", cls) + ids +
          (url ? attr("data-url", url) : "") + ">" + textObject(el.text, ctx) + "</button>";
      }
      case "image":
        return renderImage(el, "bk-accessory-image");
      case "overflow": {
        var items = optionsOf(el).map(function (o, i) {
          return '<button type="button" class="bk-menu-item"' + ids + attr("data-option", String(i)) +
            ">" + escapeHtml(rawText(o.text)) + "</button>";
        }).join("");
        return '<details class="bk-overflow"><summary class="bk-button bk-overflow-button"' +
          attr("aria-label", "More actions") + ">⋯</summary>" +
          '<div class="bk-menu">' + items + "</div></details>";
      }
      case "static_select":
      case "multi_static_select": {
        var multi = el.type === "multi_static_select";
        return "<select" + attr("class", "bk-select") + ids + (multi ? " multiple" : "") + ">" +
          (multi ? "" : "<option" + attr("value", "") + ">" + escapeHtml(placeholder || "Select an item") +
            "</option>") +
          optionTags(el, selectedValues(block, el, ctx)) + "</select>";
      }
      case "external_select":
      case "multi_external_select": {
        var chosen = [];
        if (entry) chosen = entry.selected_option ? [entry.selected_option] : (entry.selected_options || []);
        else if (el.initial_option) chosen = [el.initial_option];
        else if (el.initial_options) chosen = el.initial_options;
        var chips = chosen.map(function (o) {
          return '<span class="bk-chip">' + escapeHtml(rawText(o.text)) + "</span>";
        }).join("");
        return '<div class="bk-external"' + ids + attr("data-selected", JSON.stringify(chosen)) +
          attr("data-min-query", String(el.min_query_length == null ? 3 : el.min_query_length)) + ">" +
          '<div class="bk-chips">' + chips + "</div>" +
          '<input type="text" class="bk-text bk-external-query" autocomplete="off"' +
          attr("placeholder", placeholder || "Type to search") + ">" +
          '<div class="bk-external-options"></div></div>';
      }
      case "users_select":
      case "multi_users_select":
      case "conversations_select":
      case "multi_conversations_select":
      case "channels_select":
      case "multi_channels_select": {
        var users = el.type.indexOf("users") >= 0;
        var list = users
          ? Object.keys((ctx && ctx.users) || {}).filter(function (id) { return !ctx.users[id].is_bot; })
            .map(function (id) { return { id: id, label: userName(ctx, id) }; })
          : Object.keys((ctx && ctx.channels) || {}).map(function (id) {
            return { id: id, label: "#" + channelName(ctx, id) };
          });
        var key = users ? "user" : el.type.indexOf("channels") >= 0 ? "channel" : "conversation";
        var many = el.type.indexOf("multi_") === 0;
        var picked = entry
          ? [].concat(entry["selected_" + key + (many ? "s" : "")] || [])
          : [].concat(el["initial_" + key + (many ? "s" : "")] || []);
        return "<select" + attr("class", "bk-select") + ids + (many ? " multiple" : "") + ">" +
          (many ? "" : "<option" + attr("value", "") + ">" + escapeHtml(placeholder || "Select") + "</option>") +
          pickerOptions(list, picked) + "</select>";
      }
      case "datepicker": {
        var date = entry ? entry.selected_date : el.initial_date;
        return '<input type="date" class="bk-text bk-date"' + ids + attr("value", date || "") + ">";
      }
      case "timepicker": {
        var time = entry ? entry.selected_time : el.initial_time;
        return '<input type="time" class="bk-text bk-time"' + ids + attr("value", time || "") + ">";
      }
      case "plain_text_input":
      case "number_input":
      case "email_text_input":
      case "url_text_input":
      case "rich_text_input": {
        var value = entry ? entry.value : el.initial_value;
        if (el.type === "rich_text_input") value = entry ? richPlain(entry.rich_text_value) : richPlain(el.initial_value);
        var modes = { number_input: "decimal", email_text_input: "email", url_text_input: "url" };
        var common = ids + attr("placeholder", placeholder) +
          (modes[el.type] ? attr("inputmode", modes[el.type]) : "");
        if (el.multiline || el.type === "rich_text_input") {
          return '<textarea class="bk-text bk-textarea" rows="4"' + common + ">" +
            escapeHtml(value || "") + "</textarea>";
        }
        return '<input type="text" class="bk-text"' + common + attr("value", value || "") + ">";
      }
      case "radio_buttons":
      case "checkboxes": {
        var radio = el.type === "radio_buttons";
        var selected = selectedValues(block, el, ctx);
        var group = (ctx && ctx.viewId ? ctx.viewId : ctx && ctx.ts ? ctx.ts : "m") + ":" +
          (block.block_id || "") + ":" + (el.action_id || "");
        return '<div class="bk-choices"' + ids + ">" + optionsOf(el).map(function (o, i) {
          return '<label class="bk-choice"><input' + attr("type", radio ? "radio" : "checkbox") +
            attr("name", group) + attr("value", String(i)) +
            (selected.indexOf(o.value) >= 0 ? " checked" : "") + "> <span>" +
            textObject(o.text, ctx) + (o.description ? '<span class="bk-choice-description">' +
              textObject(o.description, ctx) + "</span>" : "") + "</span></label>";
        }).join("") + "</div>";
      }
      default:
        return '<span class="bk-unsupported">[' + escapeHtml(el.type || "element") + "]</span>";
    }
  }

  function richPlain(value) {
    if (!value) return "";
    if (typeof value === "string") return value;
    var out = [];
    (function walk(items) {
      (items || []).forEach(function (item) {
        if (item && typeof item.text === "string") out.push(item.text);
        if (item && item.elements) walk(item.elements);
      });
    })(value.elements);
    return out.join("");
  }

  function renderImage(el, cls) {
    var src = safeUrl(el.image_url);
    if (!src) return '<span class="bk-image-missing">' + escapeHtml(el.alt_text || "image") + "</span>";
    return "<img" + attr("class", cls) + attr("src", src) + attr("alt", el.alt_text || "") +
      ' loading="lazy" referrerpolicy="no-referrer">';
  }

  function renderBlock(block, ctx) {
    if (!block || typeof block !== "object") return "";
    var bid = attr("data-block", block.block_id || "");
    switch (block.type) {
      case "header":
        return '<div class="bk-block bk-header"' + bid + ">" + textObject(block.text, ctx) + "</div>";
      case "divider":
        return '<hr class="bk-block bk-divider"' + bid + ">";
      case "section": {
        var body = "";
        if (block.text) body += '<div class="bk-section-text">' + textObject(block.text, ctx) + "</div>";
        if (block.fields && block.fields.length) {
          body += '<div class="bk-fields">' + block.fields.map(function (f) {
            return '<div class="bk-field">' + textObject(f, ctx) + "</div>";
          }).join("") + "</div>";
        }
        var accessory = block.accessory ? '<div class="bk-accessory">' +
          renderElement(block.accessory, block, ctx) + "</div>" : "";
        return '<div class="bk-block bk-section"' + bid + '><div class="bk-section-body">' + body +
          "</div>" + accessory + "</div>";
      }
      case "context":
        return '<div class="bk-block bk-context"' + bid + ">" + (block.elements || []).map(function (e) {
          if (e && e.type === "image") return renderImage(e, "bk-context-image");
          return '<span class="bk-context-text">' + textObject(e, ctx) + "</span>";
        }).join("") + "</div>";
      case "actions":
        return '<div class="bk-block bk-actions"' + bid + ">" + (block.elements || []).map(function (e) {
          return renderElement(e, block, ctx);
        }).join("") + "</div>";
      case "image":
        return '<div class="bk-block bk-image"' + bid + ">" +
          (block.title ? '<div class="bk-image-title">' + textObject(block.title, ctx) + "</div>" : "") +
          renderImage(block, "bk-image-full") + "</div>";
      case "input": {
        var errors = (ctx && ctx.errors) || {};
        var error = block.block_id && errors[block.block_id];
        return '<div class="bk-block bk-input' + (error ? " bk-has-error" : "") + '"' + bid +
          attr("data-block-id", block.block_id || "") + ">" +
          '<label class="bk-label">' + textObject(block.label, ctx) +
          (block.optional ? ' <span class="bk-optional">(optional)</span>' : "") + "</label>" +
          renderElement(block.element, block, ctx) +
          (block.hint ? '<div class="bk-hint">' + textObject(block.hint, ctx) + "</div>" : "") +
          '<div class="bk-error"' + attr("data-error-for", block.block_id || "") + ">" +
          escapeHtml(error || "") + "</div></div>";
      }
      case "rich_text":
        return '<div class="bk-block bk-rich-text"' + bid + ">" +
          escapeHtml(richPlain(block)).replace(/\n/g, "<br>") + "</div>";
      default:
        return '<div class="bk-block bk-unsupported"' + bid + ">[unsupported block: " +
          escapeHtml(block.type || "?") + "]</div>";
    }
  }

  function renderBlocks(blocks, ctx) {
    return (blocks || []).map(function (b) { return renderBlock(b, ctx); }).join("");
  }

  /* A list of cards ending with an actions block: those controls act on the whole list
   * (e.g. Enroll all / Tag all), so they are set apart from the last card. */
  function hasFooter(blocks) {
    var last = blocks[blocks.length - 1];
    if (!last || last.type !== "actions") return false;
    // controls per card came before, and the last ones are not one more card's own
    var earlier = [];
    blocks.slice(0, -1).forEach(function (b) {
      elementsOfBlock(b).forEach(function (e) { earlier.push(e.action_id); });
    });
    return earlier.length > 0 && (last.elements || []).every(function (e) {
      return earlier.indexOf(e.action_id) < 0;
    });
  }

  function elementsOfBlock(b) {
    if (!b) return [];
    if (b.type === "actions") return b.elements || [];
    return b.accessory && b.accessory.type !== "image" ? [b.accessory] : [];
  }

  function renderMessageBlocks(blocks, ctx) {
    if (!hasFooter(blocks)) return renderBlocks(blocks, ctx);
    return renderBlocks(blocks.slice(0, -1), ctx) + '<div class="bk-footer">' +
      '<div class="bk-footer-label">For the whole list</div>' +
      renderBlock(blocks[blocks.length - 1], ctx) + "</div>";
  }

  /* A message's body: its blocks when it has some (Slack then ignores text), else its text. */
  function renderMessageBody(message, ctx) {
    var html = message.blocks && message.blocks.length
      ? renderMessageBlocks(message.blocks, ctx)
      : '<div class="bk-message-text">' + mrkdwn(message.text || "", ctx) + "</div>";
    (message.attachments || []).forEach(function (a) {
      var color = /^#?[0-9a-fA-F]{3,8}$/.test(a.color || "") ? (a.color[0] === "#" ? a.color : "#" + a.color)
        : a.color === "good" ? "#2eb67d" : a.color === "danger" ? "#e01e5a" : a.color === "warning" ? "#ecb22e" : "#ddd";
      var inner = a.blocks && a.blocks.length ? renderBlocks(a.blocks, ctx) :
        (a.title ? '<div class="bk-attachment-title">' + plain(a.title) + "</div>" : "") +
        (a.text ? "<div>" + mrkdwn(a.text, ctx) + "</div>" : "") +
        (a.fields || []).map(function (f) {
          return '<div class="bk-field"><b>' + plain(f.title) + "</b><br>" + mrkdwn(f.value, ctx) + "</div>";
        }).join("");
      html += '<div class="bk-attachment"' + attr("style", "border-left-color:" + color) + ">" + inner + "</div>";
    });
    Object.keys(message.unfurls || {}).forEach(function (url) {
      var u = message.unfurls[url] || {};
      var inner = u.blocks ? renderBlocks(u.blocks, ctx) :
        (u.title ? '<div class="bk-attachment-title">' + plain(u.title) + "</div>" : "") +
        (u.text ? "<div>" + mrkdwn(u.text, ctx) + "</div>" : "");
      html += '<div class="bk-attachment bk-unfurl"' + attr("data-url", url) + ">" + inner + "</div>";
    });
    return html;
  }

  var api = {
    escapeHtml: escapeHtml,
    decodeSlack: decodeSlack,
    safeUrl: safeUrl,
    mrkdwn: mrkdwn,
    textObject: textObject,
    rawText: rawText,
    optionsOf: optionsOf,
    renderElement: renderElement,
    renderBlock: renderBlock,
    renderBlocks: renderBlocks,
    renderMessageBody: renderMessageBody
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BlockKit = api;
})(typeof window !== "undefined" ? window : this);
