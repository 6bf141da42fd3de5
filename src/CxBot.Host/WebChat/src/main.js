// The web chat page: gets a Direct Line token from this host, then runs Web Chat against the
// host's own Direct Line. Customer text is shown as plain text: the minimal bundle has no
// markdown or HTML renderer.
import { createDirectLine, renderWebChat } from '../node_modules/botframework-webchat/lib/index-minimal.js';

const config = JSON.parse(document.getElementById('cx-config').textContent);
const byId = id => document.getElementById(id);
const LOCALES = { en: 'en-US', ru: 'ru-RU', pl: 'pl-PL', ro: 'ro-RO' };
const SESSION_KEY = 'cx.webchat.session';
const LANGUAGE_KEY = 'cx.webchat.language';
const invite = new URLSearchParams(location.search).get('invite') || null;

let language = savedLanguage() || config.language;
let chat = null;

function text(key) {
  return (config.texts[language] || config.texts.en)[key] || config.texts.en[key];
}

function savedLanguage() {
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    return config.languages.includes(saved) ? saved : null;
  } catch {
    return null;
  }
}

// The session lives in this tab only: a reload resumes it, a new tab or device starts afresh.
function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    return session && session.invite === invite ? session : null;
  } catch {
    return null;
  }
}

function saveSession(session) {
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  } catch {
    // Private mode without storage: the chat works, a reload starts again.
  }
}

async function refresh(session) {
  const response = await fetch('/v3/directline/tokens/refresh', { method: 'POST', headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) return null;
  const body = await response.json();
  return { ...session, token: body.token };
}

async function newSession() {
  const response = await fetch('/api/webchat/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ invite, locale: LOCALES[language] })
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error('token'), { code: body.error && body.error.code });
  return { token: body.token, conversationId: body.conversationId, userId: body.userId, invite };
}

function showProblem(code) {
  const key = { InvitationExpired: 'linkExpired', InvitationInvalid: 'linkInvalid', InvitationUsed: 'linkUsed' }[code] || 'failed';
  const main = byId('cx-chat');
  main.replaceChildren();
  const note = document.createElement('div');
  note.className = 'cx-notice';
  note.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.textContent = text(key);
  note.append(p);
  if (key !== 'failed') {
    const link = document.createElement('a');
    link.className = 'cx-button';
    link.href = '/';
    link.textContent = text('startGeneral');
    note.append(link);
  }
  main.append(note);
}

function styleOptions() {
  return {
    accent: config.brandColor,
    bubbleFromUserBackground: config.brandColor,
    bubbleFromUserTextColor: config.brandTextColor,
    bubbleFromUserBorderRadius: 16,
    bubbleBorderRadius: 16,
    bubbleMinHeight: 44,
    botAvatarInitials: config.brandName.slice(0, 1),
    hideUploadButton: true,
    sendBoxHeight: 52,
    sendBoxButtonColor: config.brandColor,
    suggestedActionLayout: 'flow',
    suggestedActionHeight: 44,
    suggestedActionBorderRadius: 22,
    suggestedActionBorderColor: config.brandColor,
    suggestedActionTextColor: config.brandColor,
    suggestedActionBackgroundColor: '#ffffff',
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    rootHeight: '100%',
    rootWidth: '100%'
  };
}

function render() {
  renderWebChat(
    {
      directLine: chat.directLine,
      userID: chat.session.userId,
      locale: LOCALES[language],
      styleOptions: chat.styleOptions,
      nonce: config.nonce,
      sendTypingIndicator: false
    },
    byId('cx-chat')
  );
}

function applyLanguage() {
  document.documentElement.lang = language;
  byId('cx-subtitle').textContent = text('title');
  byId('cx-language-label').textContent = text('languageLabel');
  byId('cx-privacy').textContent = text('privacy');
  byId('cx-privacy-link').textContent = text('privacyLink');
  document.title = `${config.brandName} · ${text('title')}`;
}

async function start() {
  applyLanguage();
  byId('cx-language').value = language;
  byId('cx-language').addEventListener('change', event => {
    language = event.target.value;
    try {
      localStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // The choice holds for this page only.
    }
    applyLanguage();
    if (chat) render();
  });

  let session = loadSession();
  if (session) session = await refresh(session).catch(() => null);
  try {
    session = session || (await newSession());
  } catch (error) {
    showProblem(error.code);
    return;
  }
  saveSession(session);
  // No conversationId: Direct Line starts the conversation, or (after a reload) answers that it
  // exists and replays it from the beginning, so the customer continues where they left off.
  const directLine = createDirectLine({ token: session.token, domain: `${location.origin}/v3/directline`, webSocket: true });
  byId('cx-chat').replaceChildren();
  chat = { directLine, session, styleOptions: styleOptions() };
  render();
}

start().catch(() => showProblem());
