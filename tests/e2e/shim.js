'use strict';
/*
 * factbot's compatibility shim for telegram-test-api 4.2.1 (MIT), the Telegram Bot API emulator.
 *
 * Stock python-telegram-bot 22 cannot talk to the stock emulator. This file fixes the emulator's answers so
 * they have the shapes real Telegram gives, and adds the few things real Telegram does that our tests rely on:
 *
 *   - getMe lacks `is_bot` (PTB's initialize() raises TypeError)            -> full User
 *   - sendMessage returns `date` in milliseconds ("year 58871 is out of range") -> seconds, clean Message
 *   - editMessageText / editMessageReplyMarkup / answerCallbackQuery: `result: null` -> Message or true
 *   - callback_query updates lack `chat_instance` (PTB drops them)        -> added; and, like Telegram, the
 *     pressed message carries its text and the user message it replied to (`reply_to_message`)
 *   - unknown methods: HTTP 500 {message}                                 -> 404 {ok:false,error_code,description}
 *   - missing sendChatAction, setMyCommands, getWebhookInfo, answerInlineQuery -> accepted and recorded
 *   - no validation                       -> 400 for empty text, > 4,096 characters, and malformed HTML
 *   - no long polling (getUpdates ignores `timeout`; a bot spins)          -> waits up to `timeout` for updates
 *   - no conflicts: two pollers of one token both get updates             -> 409 Conflict, as Telegram answers
 *   - webhooks: no secret-token header, and a failed delivery kills Node  -> header sent, failures recorded
 *   - no inline queries at all            -> client route /sendInlineQuery
 *   - no record of what bots sent         -> with FACTBOT_BOT_API_LOG=FILE, every Bot API request a bot makes
 *     is appended to FILE as one JSON line {method, params}, params as received (form values are text), for
 *     the contract check in tests/botapi
 *
 * Extra client routes (POST JSON to the server root, like the emulator's own):
 *   /getBotCalls {token}              -> [{method, body}] for the recorded methods above
 *   /sendInlineQuery {botToken, from, query}
 *   /waitUpdates {token, chatId, timeout}  -> like /getUpdates, but waits up to `timeout` s for a message
 */

const fs = require('fs');

const HTML_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span',
  'blockquote', 'tg-emoji',
]);
const RECORDED = new Set([
  'sendChatAction', 'setMyCommands', 'deleteMyCommands', 'getMyCommands', 'answerCallbackQuery',
  'answerInlineQuery',
]);
const BOT = { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' };

/** Telegram's visible text of an HTML message, or an Error saying why Telegram would reject it. */
function parseHtml(text) {
  const stack = [];
  let visible = '';
  const token = /<(\/?)([a-zA-Z-]+)(?:\s[^<>]*)?>|&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|[<>&]|[^<>&]+/g;
  for (const m of text.matchAll(token)) {
    const [whole, closing, tag, entity] = m;
    if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (!HTML_TAGS.has(name)) return new Error(`Unsupported start tag "${name}"`);
      if (!closing) stack.push(name);
      else if (stack.pop() !== name) return new Error(`Unmatched end tag "${name}"`);
    } else if (entity !== undefined) {
      visible += 'x';
    } else if (whole === '<' || whole === '>' || whole === '&') {
      return new Error(`Unsupported character "${whole}": escape it`);
    } else {
      visible += whole;
    }
  }
  if (stack.length) return new Error(`Can't find end tag corresponding to start tag "${stack.pop()}"`);
  return visible;
}

/** A 400 error like Telegram's for a message text, or null when the text would be accepted. */
function textError(body) {
  const text = body.text === undefined ? '' : String(body.text);
  let visible = text;
  if (String(body.parse_mode || '').toUpperCase() === 'HTML') {
    visible = parseHtml(text);
    if (visible instanceof Error) return `Bad Request: can't parse entities: ${visible.message}`;
  }
  if (!visible.trim()) return 'Bad Request: message text is empty';
  if (Buffer.from(visible, 'utf16le').length / 2 > 4096) return 'Bad Request: message is too long';
  if (body.chat_id === undefined || body.chat_id === '') return 'Bad Request: chat_id is empty';
  return null;
}

function json(value) {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function chatOf(chatId) {
  const id = Number(chatId);
  return id < 0 ? { id, type: 'group', title: 'Group' } : { id, type: 'private', first_name: 'User' };
}

/** The Message that real Telegram returns for a stored bot message. */
function messageOf(stored) {
  const m = stored.message;
  const markup = m.reply_markup ? json(m.reply_markup) : undefined;
  return {
    message_id: stored.messageId,
    date: Math.floor(stored.time / 1000),
    chat: chatOf(m.chat_id),
    from: BOT,
    text: String(m.text),
    ...(markup && 'inline_keyboard' in markup ? { reply_markup: markup } : {}),
  };
}

function ok(res, result) {
  res.json({ ok: true, result });
}

function fail(res, code, description) {
  res.status(code).json({ ok: false, error_code: code, description });
}

function record(server, token, method, body) {
  server.botCalls.push({ token, method, body: { ...body }, time: Date.now() });
}

/** Wait until a new update for `token` arrives or `seconds` pass (long polling). */
function waitForUpdate(server, token, seconds) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      server.off('factbot:update', onUpdate);
      resolve();
    };
    const onUpdate = (forToken) => forToken === token && done();
    const timer = setTimeout(done, seconds * 1000);
    server.on('factbot:update', onUpdate);
  });
}

/** Append every Bot API request to FACTBOT_BOT_API_LOG (when set), before any route answers it. */
function logRequests(app) {
  const file = process.env.FACTBOT_BOT_API_LOG;
  if (!file) return;
  app.all('/bot:token/:method', (req, res, next) => {
    const params = { ...req.query, ...req.body };
    fs.appendFileSync(file, `${JSON.stringify({ method: req.params.method, params })}\n`);
    next();
  });
}

function botRoutes(app, server) {
  logRequests(app);
  app.all('/bot:token/getMe', (req, res) => ok(res, BOT));
  app.all('/bot:token/getUpdates', async (req, res) => {
    const { token } = req.params;
    const timeout = Math.min(Number({ ...req.query, ...req.body }.timeout || 0), 50);
    // Like Telegram, a newer getUpdates for the same token ends the one still waiting with 409 Conflict.
    const poll = { conflict: false };
    const previous = server.polls.get(token);
    if (previous) {
      previous.conflict = true;
      server.emit('factbot:update', token);
    }
    server.polls.set(token, poll);
    if (timeout > 0 && !server.storage.userMessages.some((u) => u.botToken === token && !u.isRead)) {
      await waitForUpdate(server, token, timeout);
    }
    if (server.polls.get(token) === poll) server.polls.delete(token);
    if (res.writableEnded || req.socket.destroyed) return;
    if (poll.conflict) {
      fail(res, 409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
      return;
    }
    ok(res, server.getUpdates(token));
  });
  app.all('/bot:token/sendMessage', (req, res) => {
    const error = textError(req.body);
    if (error) return fail(res, 400, error);
    server.addBotMessage(req.body, req.params.token);
    const stored = server.storage.botMessages[server.storage.botMessages.length - 1];
    return ok(res, messageOf(stored));
  });
  app.all('/bot:token/editMessageText', (req, res) => {
    const error = textError(req.body);
    if (error) return fail(res, 400, error);
    const stored = findBotMessage(server, req.body.chat_id, req.body.message_id);
    if (!stored) return fail(res, 400, 'Bad Request: message to edit not found');
    server.editMessageText(req.body);
    record(server, req.params.token, 'editMessageText', req.body);
    return ok(res, messageOf(stored));
  });
  app.all('/bot:token/editMessageReplyMarkup', (req, res) => {
    server.editMessageReplyMarkup(req.body);
    ok(res, true);
  });
  app.all('/bot:token/setWebhook', (req, res) => {
    server.setWebhook({ url: req.body.url, secret_token: req.body.secret_token }, req.params.token);
    record(server, req.params.token, 'setWebhook', { url: req.body.url });
    ok(res, true);
  });
  app.all('/bot:token/deleteWebhook', (req, res) => {
    server.deleteWebhook(req.params.token);
    record(server, req.params.token, 'deleteWebhook', req.body);
    ok(res, true);
  });
  app.all('/bot:token/getWebhookInfo', (req, res) => {
    const hook = server.webhooks[req.params.token];
    ok(res, { url: hook ? hook.url : '', has_custom_certificate: false, pending_update_count: 0 });
  });
  app.all('/bot:token/:method', (req, res, next) => {
    const { method, token } = req.params;
    if (!RECORDED.has(method)) return next();
    record(server, token, method, req.body);
    return ok(res, method === 'getMyCommands' ? [] : true);
  });
  app.all('/bot:token/:method', (req, res, next) => {
    if (req.params.method === 'deleteMessage') return next();
    return fail(res, 404, `Not Found: method ${req.params.method} is not supported by the emulator`);
  });
}

function findBotMessage(server, chatId, messageId) {
  return server.storage.botMessages.find(
    (u) => String(u.messageId) === String(messageId) && String(u.message.chat_id) === String(chatId),
  );
}

function findUserMessage(server, chatId, messageId) {
  return server.storage.userMessages.find(
    (u) => u.message && String(u.messageId) === String(messageId)
      && String(u.message.chat && u.message.chat.id) === String(chatId),
  );
}

function unreadBotMessages(server, token, chatId) {
  return server.storage.botMessages.filter(
    (u) => u.botToken === token && String(u.message.chat_id) === String(chatId) && !u.isRead,
  );
}

function clientRoutes(app, server) {
  app.post('/waitUpdates', async (req, res) => {
    const { token, chatId } = req.body;
    const deadline = Date.now() + Math.min(Number(req.body.timeout || 0), 30) * 1000;
    while (!unreadBotMessages(server, token, chatId).length && Date.now() < deadline) {
      await new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          server.off('AddedBotMessage', done);
          resolve();
        };
        const timer = setTimeout(done, deadline - Date.now());
        server.on('AddedBotMessage', done);
      });
    }
    const messages = unreadBotMessages(server, token, chatId);
    messages.forEach((u) => { u.isRead = true; });
    ok(res, messages);
  });
  app.post('/getBotCalls', (req, res) => ok(res, server.botCalls.filter((c) => c.token === req.body.token)));
  app.post('/sendInlineQuery', (req, res) => {
    const { botToken, from, query } = req.body;
    server.addUserUpdate({ ...server.getCommonFields(botToken), inlineQuery: { from, query } });
    ok(res, null);
  });
}

/** Make a pressed button's message look like Telegram's: its text, and the message it replied to. */
function enrichCallback(server, callbackQuery) {
  const pressed = callbackQuery.message || {};
  const chatId = pressed.chat && pressed.chat.id;
  const stored = findBotMessage(server, chatId, pressed.message_id);
  if (!stored) return callbackQuery;
  const message = { ...messageOf(stored), ...pressed };
  const replyTo = stored.message.reply_parameters ? json(stored.message.reply_parameters) : null;
  const original = replyTo && findUserMessage(server, chatId, replyTo.message_id);
  if (original) message.reply_to_message = { ...original.message, message_id: original.messageId };
  return { ...callbackQuery, message };
}

function patchServer(TelegramServer) {
  const formatUpdate = TelegramServer.formatUpdate;
  TelegramServer.formatUpdate = (update) => {
    if ('inlineQuery' in update) {
      const { from, query } = update.inlineQuery;
      return { update_id: update.updateId, inline_query: { id: String(update.updateId), from, query, offset: '' } };
    }
    const formatted = formatUpdate(update);
    if (formatted.callback_query) formatted.callback_query.chat_instance = String(update.botToken.length);
    return formatted;
  };
  const addUserCallback = TelegramServer.prototype.addUserCallback;
  TelegramServer.prototype.addUserCallback = function addCallback(callbackQuery) {
    return addUserCallback.call(this, enrichCallback(this, callbackQuery));
  };
  TelegramServer.prototype.addUserUpdate = async function addUserUpdate(update) {
    const hook = this.webhooks[update.botToken];
    // Stored even when delivered by webhook (marked read), so history and reply_to_message lookups work.
    this.storage.userMessages.push(hook ? { ...update, isRead: true } : update);
    this.updateId++;
    this.emit('factbot:update', update.botToken);
    if (hook) await deliver(this, hook, update);
  };
}

/** POST one update to a webhook like Telegram: with the secret header; a failure is recorded, not fatal. */
async function deliver(server, hook, update) {
  const headers = { 'content-type': 'application/json' };
  if (hook.secret_token) headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
  try {
    const resp = await fetch(hook.url, {
      method: 'POST', headers, body: JSON.stringify(server.constructor.formatUpdate(update)),
    });
    if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
  } catch (error) {
    record(server, update.botToken, 'webhookFailed', { url: hook.url, error: String(error) });
  }
}

/** Apply the shim: call before constructing a TelegramServer. */
function install(TelegramServer, routes) {
  patchServer(TelegramServer);
  routes.unshift(botRoutes, clientRoutes);
  const init = (app, server) => {
    server.botCalls = [];
    server.polls = new Map(); // token -> the getUpdates call still waiting (to detect a second poller)
    server.setMaxListeners(0); // one listener per waiting long poll
  };
  routes.unshift(init);
}

module.exports = { install, parseHtml };
