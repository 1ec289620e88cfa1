/* The demo page: plays Slack's client on top of the demo server's JSON API (standins/demo.py).
 * Rendering is done by blockkit.js; this file holds the page state and the interactions. */
(function () {
  "use strict";
  var BK = window.BlockKit;
  var esc = BK.escapeHtml;

  var TRY = [
    "/leonar help",
    "/leonar search react in Paris",
    "/leonar source react developer",
    "/leonar add Sophie Martin",
    "/leonar deal new",
    "https://www.linkedin.com/in/sophie-martin",
    "/invite @Leonar",
    "/leonar connect"
  ];

  var app = {
    state: null,
    user: localStorage.getItem("leonar-demo-user") || "U0ALICE",
    channel: "C0GENERAL",
    thread: null, // {channel, ts}
    home: false, // the app's Home tab is open in the main pane
    rendered: { sidebar: "", channel: "", thread: "", view: "" },
    seen: {},
    // scroll panes that follow their newest line until the person scrolls up
    follow: { messages: true, thread: true },
    refreshing: false,
    again: false
  };

  function $(sel, root) { return (root || document).querySelector(sel); }

  function api(path, body) {
    var init = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ user: app.user }, body))
    };
    return fetch(path, init).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    });
  }

  function refresh() {
    if (app.refreshing) { app.again = true; return Promise.resolve(); }
    app.refreshing = true;
    return api("/api/state?user=" + encodeURIComponent(app.user)).then(function (res) {
      if (res.status === 200) {
        app.state = res.body;
        render();
      }
    }).catch(function (err) {
      showToast("The demo server is not answering (" + err + ").");
    }).then(function () {
      app.refreshing = false;
      if (app.again) { app.again = false; refresh(); }
    });
  }

  function ctxFor(extra) {
    var channels = {};
    (app.state.channels || []).forEach(function (c) { channels[c.id] = c.name; });
    return Object.assign({ users: app.state.users, channels: channels }, extra || {});
  }

  function timeOf(ts) {
    if (!app.seen[ts]) app.seen[ts] = new Date();
    var d = app.seen[ts];
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  // ------------------------------------------------------------------ rendering

  function render() {
    if (!app.state) return;
    var chan = channelById(app.channel) || app.state.channels[0];
    app.channel = chan.id;
    renderSidebar();
    if (app.home) renderHome(); else renderChannel(chan);
    renderThread();
    renderModal();
    stickToBottom();
    document.body.setAttribute("data-ready", "1");
  }

  function channelById(id) {
    return (app.state.channels || []).filter(function (c) { return c.id === id; })[0];
  }

  function channelLabel(c) {
    if (c.is_im) return c.name;
    return (c.is_private ? "🔒 " : "# ") + c.name;
  }

  function renderSidebar() {
    var users = app.state.users;
    var userOptions = Object.keys(users).filter(function (id) { return !users[id].is_bot; })
      .map(function (id) {
        return '<option value="' + esc(id) + '"' + (id === app.user ? " selected" : "") + ">" +
          esc(users[id].real_name) + "</option>";
      }).join("");
    var rooms = app.state.channels.filter(function (c) { return !c.is_im; });
    var dms = app.state.channels.filter(function (c) { return c.is_im; });
    function link(c) {
      return '<button type="button" class="channel-link' + (c.id === app.channel && !app.home ? " active" : "") +
        '" data-channel="' + esc(c.id) + '">' + esc(channelLabel(c)) +
        (c.bot_member || c.is_im ? "" : ' <span class="no-bot" title="Leonar is not in this channel">·</span>') +
        "</button>";
    }
    var html = '<div class="team">' + esc(app.state.team.name) + "</div>" +
      '<label class="who">You are <select id="user-switch">' + userOptions + "</select></label>" +
      '<div class="section-title">Channels</div>' + rooms.map(link).join("") +
      '<div class="section-title">Direct messages</div>' +
      (dms.length ? dms.map(link).join("") : '<div class="empty">none yet</div>') +
      '<div class="section-title">Apps</div>' +
      '<button type="button" class="channel-link app-link' + (app.home ? " active" : "") +
      '" data-home="1">Leonar</button>' +
      '<div class="section-title">Try this</div>' + TRY.map(function (t) {
        return '<button type="button" class="try" data-fill="' + esc(t) + '">' + esc(t) + "</button>";
      }).join("");
    if (html !== app.rendered.sidebar) {
      $("#sidebar").innerHTML = html;
      app.rendered.sidebar = html;
    }
  }

  function messageHtml(m, inThread) {
    var users = app.state.users;
    var author = m.bot ? "Leonar" : (users[m.user] ? users[m.user].real_name : m.user);
    if (m.client) author = "Slackbot";
    var initials = author.split(/\s+/).map(function (w) { return w.charAt(0); }).join("").slice(0, 2);
    var ctx = ctxFor({ ts: m.ts });
    var body = BK.renderMessageBody(m, ctx);
    var replies = "";
    if (!inThread && m.reply_count) {
      replies = '<button type="button" class="thread-link" data-open-thread="' + esc(m.ts) + '">' +
        m.reply_count + (m.reply_count === 1 ? " reply" : " replies") + "</button>";
    }
    return '<div class="msg' + (m.ephemeral ? " ephemeral" : "") + '" data-ts="' + esc(m.ts) +
      '"><div class="avatar' + (m.bot ? " bot" : "") + (m.client ? " slackbot" : "") + '">' +
      esc(initials) + "</div>" +
      '<div class="msg-main"><div class="msg-head"><span class="msg-author">' + esc(author) + "</span>" +
      (m.bot && !m.client ? ' <span class="app-badge">APP</span>' : "") +
      ' <span class="msg-time">' + timeOf(m.ts) + "</span>" +
      (m.edited ? ' <span class="msg-edited">(edited)</span>' : "") + "</div>" +
      '<div class="msg-body">' + body + "</div>" +
      (m.ephemeral ? '<div class="ephemeral-note">👁 Only visible to you</div>' : "") +
      replies + "</div></div>";
  }

  /* Panes that follow the newest line do so after every render, reflow and image load. */
  function paneOf(name) {
    return name === "messages" ? $("#messages") : $("#thread .thread-messages");
  }

  function stickToBottom() {
    Object.keys(app.follow).forEach(function (name) {
      var pane = paneOf(name);
      if (pane && app.follow[name]) pane.scrollTop = pane.scrollHeight;
    });
  }

  function noteScroll(pane) {
    var name = pane.id === "messages" ? "messages" : "thread";
    app.follow[name] = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
  }

  function renderChannel(chan) {
    var list = app.state.messages[chan.id] || [];
    var head = '<div class="channel-title">' + esc(channelLabel(chan)) + "</div>" +
      (chan.bot_member || chan.is_im ? "" :
        '<div class="channel-note">Leonar is not a member here' +
        (chan.is_private ? ": it answers only you" : "") +
        '. Type <code>/invite @Leonar</code> to add it.</div>');
    var html = head + "||" + list.map(function (m) { return messageHtml(m, false); }).join("");
    if (html === app.rendered.channel) return;
    if (app.rendered.channel.split("||")[0] !== head) app.follow.messages = true;
    app.rendered.channel = html;
    $("#channel-header").innerHTML = head;
    $("#composer").hidden = false;
    var box = $("#messages");
    box.classList.remove("home");
    box.innerHTML = list.length ? list.map(function (m) { return messageHtml(m, false); }).join("") :
      '<div class="empty-channel">This is the very beginning of ' + esc(channelLabel(chan)) +
      ". Type <code>/leonar help</code> below.</div>";
    $("#composer-input").placeholder = "Message " + channelLabel(chan);
  }

  /* The app's Home tab: the view the bot published for this person (views.publish). */
  function renderHome() {
    var view = app.state.home;
    var head = '<div class="channel-title">Leonar</div><div class="tabs" role="tablist">' +
      '<span class="tab active" role="tab" aria-selected="true">Home</span></div>';
    var body = view ? BK.renderBlocks(view.blocks, ctxFor({ viewId: view.id })) :
      '<div class="empty-channel">Opening Leonar\u2019s Home tab\u2026</div>';
    var html = "home||" + head + body;
    if (html === app.rendered.channel) return;
    app.rendered.channel = html;
    app.follow.messages = false;
    $("#channel-header").innerHTML = head;
    $("#composer").hidden = true;
    var box = $("#messages");
    box.classList.add("home");
    box.innerHTML = '<div class="home-view" data-home-view="' + esc(view ? view.id : "") + '">' +
      body + "</div>";
    box.scrollTop = 0;
  }

  function openHome() {
    app.home = true;
    app.thread = null;
    render();
    api("/api/home", {}).then(function (res) {
      if (res.status !== 200) showToast(res.body.error || "Leonar\u2019s Home tab did not open.");
    });
  }

  function findParent(channel, ts) {
    var all = app.state.messages[channel] || [];
    return all.filter(function (m) { return m.ts === ts; })[0];
  }

  function renderThread() {
    var pane = $("#thread");
    if (!app.thread) {
      if (app.rendered.thread) { pane.hidden = true; app.rendered.thread = ""; }
      return;
    }
    var parent = findParent(app.thread.channel, app.thread.ts);
    var replies = app.state.threads[app.thread.channel + ":" + app.thread.ts] || [];
    var chan = channelById(app.thread.channel);
    var html = '<div class="thread-head"><span>Thread <span class="thread-channel">' +
      esc(chan ? channelLabel(chan) : "") + '</span></span><button type="button" class="thread-close" ' +
      'aria-label="Close thread">×</button></div><div class="thread-messages">' +
      (parent ? messageHtml(parent, true) : "") +
      '<div class="reply-count">' + replies.length + (replies.length === 1 ? " reply" : " replies") +
      "</div>" + replies.map(function (m) { return messageHtml(m, true); }).join("") + "</div>";
    if (html === app.rendered.thread) return;
    var opened = !app.rendered.thread;
    app.rendered.thread = html;
    pane.hidden = false;
    var body = $("#thread-body");
    var old = $(".thread-messages", body);
    var previous = old ? old.scrollTop : 0;
    if (opened) app.follow.thread = true;
    body.innerHTML = html;
    var fresh = $(".thread-messages", body);
    fresh.scrollTop = app.follow.thread ? fresh.scrollHeight : previous;
  }

  function renderModal() {
    var root = $("#modal-root");
    var view = app.state.view;
    var key = view ? view.id + ":" + view.hash : "";
    if (key === app.rendered.view) return;
    app.rendered.view = key;
    if (!view) { root.innerHTML = ""; root.hidden = true; return; }
    var ctx = ctxFor({ viewId: view.id, state: (view.state || {}).values || {} });
    var title = BK.rawText(view.title);
    root.innerHTML = '<div class="modal-backdrop"><div class="modal" role="dialog" aria-modal="true" ' +
      'aria-label="' + esc(title) + '" data-view-id="' + esc(view.id) + '">' +
      '<div class="modal-head"><h2 class="modal-title">' + esc(title) + "</h2>" +
      '<button type="button" class="modal-x" aria-label="Close">×</button></div>' +
      '<div class="modal-body">' + BK.renderBlocks(view.blocks, ctx) + "</div>" +
      '<div class="modal-foot"><div class="modal-error" role="alert"></div>' +
      '<button type="button" class="bk-button modal-close">' +
      esc(view.close ? BK.rawText(view.close) : "Cancel") + "</button>" +
      (view.submit ? '<button type="button" class="bk-button bk-primary modal-submit">' +
        esc(BK.rawText(view.submit)) + "</button>" : "") +
      "</div></div></div>";
    root.hidden = false;
    var first = $(".modal-body input, .modal-body select, .modal-body textarea", root);
    if (first) first.focus();
  }

  function showToast(text) {
    var t = $("#toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(showToast.timer);
    showToast.timer = setTimeout(function () { t.hidden = true; }, 6000);
  }


  // ------------------------------------------------------------------ elements and state

  function elementsOf(block) {
    var out = [];
    if (block.type === "actions") (block.elements || []).forEach(function (e) { out.push(e); });
    if (block.accessory) out.push(block.accessory);
    if (block.element) out.push(block.element);
    return out;
  }

  function allMessages() {
    var out = [];
    Object.keys(app.state.messages).forEach(function (c) { out = out.concat(app.state.messages[c]); });
    Object.keys(app.state.threads).forEach(function (k) { out = out.concat(app.state.threads[k]); });
    return out;
  }

  /* The block and element a control stands for, and where they live. */
  function locate(control) {
    var host = control.closest("[data-action-id]");
    var blockId = host.getAttribute("data-block-id");
    var actionId = host.getAttribute("data-action-id");
    var viewId = host.getAttribute("data-view-id");
    var ts = host.getAttribute("data-ts");
    var blocks = [];
    if (viewId && app.state.view && app.state.view.id === viewId) blocks = app.state.view.blocks;
    else if (viewId && app.state.home && app.state.home.id === viewId) blocks = app.state.home.blocks;
    else if (ts) {
      var m = allMessages().filter(function (x) { return x.ts === ts; })[0];
      blocks = m ? m.blocks : [];
    }
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].block_id !== blockId) continue;
      var els = elementsOf(blocks[i]);
      for (var j = 0; j < els.length; j++) {
        if (els[j].action_id === actionId) {
          return { host: host, block: blocks[i], element: els[j], viewId: viewId, ts: ts };
        }
      }
    }
    return null;
  }

  function textEntry(value) { return value === "" ? null : value; }

  /* The state entry (Slack's view.state.values shape, without "type") a control holds now. */
  function entryOf(found) {
    var el = found.element;
    var host = found.host;
    var options = BK.optionsOf(el);
    switch (el.type) {
      case "plain_text_input": case "number_input": case "email_text_input": case "url_text_input":
        return { value: textEntry(host.value) };
      case "rich_text_input":
        return {
          rich_text_value: {
            type: "rich_text",
            elements: [{ type: "rich_text_section", elements: [{ type: "text", text: host.value }] }]
          }
        };
      case "static_select":
        return { selected_option: host.value === "" ? null : options[Number(host.value)] };
      case "multi_static_select":
        return {
          selected_options: Array.prototype.map.call(host.selectedOptions, function (o) {
            return options[Number(o.value)];
          })
        };
      case "external_select": case "multi_external_select": {
        var chosen = JSON.parse(host.getAttribute("data-selected") || "[]");
        return el.type === "external_select" ? { selected_option: chosen[0] || null } :
          { selected_options: chosen };
      }
      case "radio_buttons": {
        var on = host.querySelector("input:checked");
        return { selected_option: on ? options[Number(on.value)] : null };
      }
      case "checkboxes":
        return {
          selected_options: Array.prototype.map.call(host.querySelectorAll("input:checked"), function (i) {
            return options[Number(i.value)];
          })
        };
      case "datepicker": return { selected_date: textEntry(host.value) };
      case "timepicker": return { selected_time: textEntry(host.value) };
      case "users_select": return { selected_user: textEntry(host.value) };
      case "conversations_select": return { selected_conversation: textEntry(host.value) };
      case "channels_select": return { selected_channel: textEntry(host.value) };
      case "multi_users_select": case "multi_conversations_select": case "multi_channels_select": {
        var key = el.type === "multi_users_select" ? "selected_users" :
          el.type === "multi_channels_select" ? "selected_channels" : "selected_conversations";
        var out = {};
        out[key] = Array.prototype.map.call(host.selectedOptions, function (o) { return o.value; });
        return out;
      }
      default: return {};
    }
  }

  /* {block_id: {action_id: entry}} of every input block of the open modal. */
  function collectState() {
    var view = app.state.view;
    var values = {};
    if (!view) return values;
    var modal = $('.modal[data-view-id="' + CSS.escape(view.id) + '"]');
    if (!modal) return values;
    view.blocks.forEach(function (block) {
      if (block.type !== "input" || !block.element) return;
      var host = modal.querySelector('[data-block-id="' + CSS.escape(block.block_id) +
        '"][data-action-id="' + CSS.escape(block.element.action_id) + '"]');
      if (!host) return;
      var entry = entryOf({ host: host, block: block, element: block.element });
      values[block.block_id] = {};
      values[block.block_id][block.element.action_id] = entry;
    });
    return values;
  }

  function dispatches(found) {
    return found.block.type !== "input" || !!found.block.dispatch_action;
  }

  function act(found, selected) {
    var body = { block_id: found.block.block_id, action_id: found.element.action_id, selected: selected || {} };
    if (found.viewId) {
      body.view_id = found.viewId;
      if (app.state.view && app.state.view.id === found.viewId) body.state = collectState();
    } else body.ts = found.ts;
    return api("/api/click", body).then(function (res) {
      if (res.status !== 200) showToast(res.body.error || "That did not work.");
      else if (!res.body.ok) showToast("Leonar answered HTTP " + res.body.status + ". Slack shows nothing more.");
      return res;
    });
  }

  function confirmed(element) {
    var c = element.confirm;
    if (!c) return true;
    return window.confirm(BK.rawText(c.title) + "\n\n" + BK.rawText(c.text));
  }

  // ------------------------------------------------------------------ external selects

  function suggest(host) {
    var found = locate(host);
    if (!found || !found.viewId) return;
    var input = $(".bk-external-query", host);
    var box = $(".bk-external-options", host);
    var min = Number(host.getAttribute("data-min-query") || 3);
    if (input.value.length < min) { box.innerHTML = ""; return; }
    api("/api/suggest", {
      view_id: found.viewId, block_id: found.block.block_id, action_id: found.element.action_id,
      query: input.value
    }).then(function (res) {
      var options = (res.body && res.body.options) || [];
      host._options = options;
      box.innerHTML = options.length ? options.map(function (o, i) {
        return '<button type="button" class="bk-ext-option" data-index="' + i + '">' +
          esc(BK.rawText(o.text)) + "</button>";
      }).join("") : '<div class="bk-ext-empty">No results</div>';
    });
  }

  function pickExternal(host, option) {
    var found = locate(host);
    var multi = found.element.type === "multi_external_select";
    var chosen = multi ? JSON.parse(host.getAttribute("data-selected") || "[]") : [];
    if (!chosen.some(function (o) { return o.value === option.value; })) chosen.push(option);
    setExternal(host, chosen);
    if (dispatches(found)) act(found, entryOf(found));
  }

  function setExternal(host, chosen) {
    host.setAttribute("data-selected", JSON.stringify(chosen));
    $(".bk-chips", host).innerHTML = chosen.map(function (o, i) {
      return '<span class="bk-chip" data-index="' + i + '">' + esc(BK.rawText(o.text)) +
        ' <button type="button" class="bk-chip-x" aria-label="Remove">×</button></span>';
    }).join("");
    $(".bk-external-options", host).innerHTML = "";
    $(".bk-external-query", host).value = "";
  }

  // ------------------------------------------------------------------ composer

  function send(text, threadTs) {
    text = text.trim();
    if (!text) return Promise.resolve();
    var channel = threadTs ? app.thread.channel : app.channel;
    app.follow[threadTs ? "thread" : "messages"] = true; // your own line: jump to the newest
    var body = { channel: channel, text: text };
    if (threadTs && text.charAt(0) !== "/") body.thread_ts = threadTs;
    return api("/api/command", body).then(function (res) {
      // Slack's own notices (e.g. "/giphy is not a valid command.") arrive with the state
      if (res.status !== 200) showToast(res.body.error || "That did not work.");
    });
  }

  // ------------------------------------------------------------------ events

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.id !== "composer" && form.id !== "thread-composer") return;
    ev.preventDefault();
    var input = form.querySelector("input");
    var text = input.value;
    input.value = "";
    send(text, form.id === "thread-composer" && app.thread ? app.thread.ts : null);
  });

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    var el;
    if ((el = t.closest("[data-channel]"))) {
      app.channel = el.getAttribute("data-channel");
      app.home = false;
      render();
      return;
    }
    if (t.closest("[data-home]")) { openHome(); return; }
    if ((el = t.closest("[data-fill]"))) {
      var input = $("#composer-input");
      input.value = el.getAttribute("data-fill");
      input.focus();
      return;
    }
    if ((el = t.closest("[data-open-thread]"))) {
      app.thread = { channel: app.channel, ts: el.getAttribute("data-open-thread") };
      render();
      return;
    }
    if (t.closest(".thread-close")) { app.thread = null; render(); return; }
    if (t.closest(".modal-close") || t.closest(".modal-x")) {
      var view = app.state.view;
      if (view) api("/api/close", { view_id: view.id });
      return;
    }
    if (t.closest(".modal-submit")) { submitModal(); return; }
    if ((el = t.closest(".bk-ext-option"))) {
      var host = el.closest(".bk-external");
      pickExternal(host, host._options[Number(el.getAttribute("data-index"))]);
      return;
    }
    if ((el = t.closest(".bk-chip-x"))) {
      var ext = el.closest(".bk-external");
      var chosen = JSON.parse(ext.getAttribute("data-selected") || "[]");
      chosen.splice(Number(el.closest(".bk-chip").getAttribute("data-index")), 1);
      setExternal(ext, chosen);
      return;
    }
    if ((el = t.closest(".bk-menu-item"))) {
      var f = locate(el);
      var details = el.closest("details");
      if (details) details.open = false;
      if (f) act(f, { selected_option: BK.optionsOf(f.element)[Number(el.getAttribute("data-option"))] });
      return;
    }
    if ((el = t.closest("button.bk-button[data-action-id]"))) {
      var found = locate(el);
      if (!found || !confirmed(found.element)) return;
      var url = el.getAttribute("data-url");
      if (url) window.open(url, "_blank", "noopener");
      el.disabled = true;
      act(found, {}).then(function () { el.disabled = false; }, function () { el.disabled = false; });
    }
  });

  document.addEventListener("change", function (ev) {
    var t = ev.target;
    if (t.id === "user-switch") {
      app.user = t.value;
      localStorage.setItem("leonar-demo-user", app.user);
      app.rendered = { sidebar: "", channel: "", thread: "", view: "" };
      refresh();
      return;
    }
    if (t.classList.contains("bk-external-query")) return;
    var host = t.closest("[data-action-id]");
    if (!host || host.tagName === "BUTTON") return;
    var found = locate(host);
    if (!found || !dispatches(found)) return;
    if (/_text_input$|^number_input$/.test(found.element.type)) return;
    act(found, entryOf(found));
  });

  document.addEventListener("input", function (ev) {
    var t = ev.target;
    if (!t.classList.contains("bk-external-query")) return;
    var host = t.closest(".bk-external");
    clearTimeout(host._timer);
    host._timer = setTimeout(function () { suggest(host); }, 250);
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && app.state && app.state.view) {
      api("/api/close", { view_id: app.state.view.id });
      return;
    }
    if (ev.key !== "Enter") return;
    var t = ev.target;
    var host = t.closest && t.closest("[data-action-id]");
    if (!host || t.tagName !== "INPUT" || !t.classList.contains("bk-text")) return;
    var found = locate(host);
    if (found && found.block.type === "input" && found.block.dispatch_action) {
      ev.preventDefault();
      act(found, entryOf(found));
    }
  });

  function submitModal() {
    var view = app.state.view;
    if (!view) return;
    var modal = $(".modal");
    var button = $(".modal-submit", modal);
    button.disabled = true;
    api("/api/submit", { view_id: view.id, state: collectState() }).then(function (res) {
      button.disabled = false;
      var errors = (res.body && res.body.errors) || {};
      modal.querySelectorAll(".bk-input").forEach(function (block) {
        var id = block.getAttribute("data-block-id");
        var message = errors[id] || "";
        block.classList.toggle("bk-has-error", !!message);
        $(".bk-error", block).textContent = message;
      });
      $(".modal-error", modal).textContent = res.status !== 200 ? (res.body.error || "That did not work.") :
        (res.body.client_error || "");
    }, function () { button.disabled = false; });
  }

  // ------------------------------------------------------------------ start

  // a scroll the person makes decides whether the pane keeps following; images change heights
  document.addEventListener("scroll", function (ev) {
    var t = ev.target;
    if (t && t.id === "messages" && !app.home) noteScroll(t);
    else if (t && t.classList && t.classList.contains("thread-messages")) noteScroll(t);
  }, true);
  document.addEventListener("load", function (ev) {
    if (ev.target && ev.target.tagName === "IMG") stickToBottom();
  }, true);
  window.addEventListener("resize", stickToBottom);

  function connect() {
    var source = new EventSource("/api/events");
    source.addEventListener("change", function () { refresh(); });
    source.onopen = function () { document.body.setAttribute("data-live", "1"); };
    source.onerror = function () { document.body.removeAttribute("data-live"); };
  }

  connect();
  refresh();
})();
