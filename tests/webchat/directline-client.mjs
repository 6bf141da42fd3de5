// The real botframework-directlinejs, in Node: WebSocket from 'ws' and HTTP through fetch, the two
// browser services it would otherwise take from window.
import { createRequire } from 'node:module';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');
const { Observable } = require('rxjs/Observable');

// DLJS only turns WebSockets on when the global exists.
globalThis.WebSocket ??= WebSocket;

export { ConnectionStatus };

export const baseUrl = (process.env.CXBOT_URL || 'http://127.0.0.1:3978').replace(/\/$/, '');

/** rxjs 5's ajax needs XMLHttpRequest; this gives DLJS the same contract over fetch. */
export function fetchAjax(request) {
  return Observable.create(subscriber => {
    const controller = new AbortController();
    const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    fetch(request.url, { method: request.method || 'GET', headers: request.headers, body, signal: controller.signal })
      .then(async response => {
        const text = await response.text();
        const json = text ? JSON.parse(text) : null;
        const result = { status: response.status, response: json, xhr: { getResponseHeader: name => response.headers.get(name) } };
        if (response.status >= 400) subscriber.error(result);
        else {
          subscriber.next(result);
          subscriber.complete();
        }
      })
      .catch(error => subscriber.error({ status: 0, error }));
    return () => controller.abort();
  });
}

/** Every WebSocket DLJS opens, so a test can drop one. */
export function trackedWebSocket() {
  const sockets = [];
  class Tracked extends WebSocket {
    constructor(url) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocket: Tracked, sockets };
}

export async function mintToken(body = {}) {
  const response = await fetch(`${baseUrl}/api/webchat/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  });
  return { status: response.status, body: await response.json() };
}

export function connect(token, options = {}) {
  return new DirectLine({
    token,
    domain: `${baseUrl}/v3/directline`,
    ajax: fetchAjax,
    random: () => 0,
    ...options
  });
}

/** Collects what a DirectLine receives and waits for conditions on it, with a deadline. */
export class Inbox {
  constructor(directLine) {
    this.activities = [];
    this.waiters = [];
    this.subscription = directLine.activity$.subscribe(activity => {
      this.activities.push(activity);
      this.waiters = this.waiters.filter(w => !w.check());
    });
  }

  messages(from) {
    return this.activities.filter(a => a.type === 'message' && (!from || a.from.role === from || (from === 'bot' && a.from.id === 'cxbot')));
  }

  until(condition, what, timeoutMs = 20000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.activities.map(a => [a.type, a.id, a.text]))}`)), timeoutMs);
      const waiter = {
        check: () => {
          const value = condition(this);
          if (!value) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        }
      };
      if (!waiter.check()) this.waiters.push(waiter);
    });
  }

  /** The nth message from the bot (1-based), once it has arrived. */
  botMessage(n) {
    return this.until(inbox => inbox.messages('bot')[n - 1], `bot message ${n}`);
  }

  close() {
    this.subscription.unsubscribe();
  }
}

export function post(directLine, text, locale = 'en-US') {
  return new Promise((resolve, reject) => {
    directLine
      .postActivity({ type: 'message', from: { id: 'ignored', role: 'user' }, text, locale, channelData: { clientActivityID: `c${Date.now()}${Math.random()}` } })
      .subscribe(resolve, reject);
  });
}

export async function rest(path, token, init = {}) {
  const response = await fetch(`${baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers || {}) } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
