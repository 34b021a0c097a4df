// The channel's messages: placed, updated and removed as the server's events say, timestamps formatted in the
// user's locale; buttons, select menus and dismissals sent back to the bot.

import { $, send, showError, state, t } from './state.js';

export function pane(channelId) {
  let el = document.querySelector(`.messages[data-channel-id="${CSS.escape(channelId)}"]`);
  if (el === null) {
    el = document.createElement('div');
    el.className = 'messages';
    el.dataset.channelId = channelId;
    el.hidden = channelId !== state.channelId;
    $('panes').append(el);
  }
  return el;
}

export function upsert(view) {
  const list = pane(view.channelId);
  const holder = document.createElement('div');
  holder.innerHTML = view.html;
  const element = holder.firstElementChild;
  if (element === null) return;
  decorate(element);
  const existing = document.querySelector(`article[data-message-id="${CSS.escape(view.id)}"]`);
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  if (existing !== null) existing.replaceWith(element);
  else {
    const later = [...list.children].find((child) => BigInt(child.dataset.messageId) > BigInt(view.id));
    list.insertBefore(element, later ?? null);
    if (view.channelId !== state.channelId) markUnread(view.channelId);
  }
  if (atBottom || existing === null) list.scrollTop = list.scrollHeight;
}

export function remove(id) {
  document.querySelector(`article[data-message-id="${CSS.escape(id)}"]`)?.remove();
}

export function decorate(root) {
  for (const el of root.querySelectorAll('[data-color]')) el.style.borderLeftColor = el.dataset.color;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('time.ts')) formatTime(el);
}

export function formatTime(el) {
  const date = new Date(el.getAttribute('datetime'));
  if (Number.isNaN(date.getTime())) return;
  const locale = state.locale === 'fr' ? 'fr-FR' : 'en-US';
  const style = el.dataset.style ?? 'f';
  const options = {
    t: { timeStyle: 'short' }, T: { timeStyle: 'medium' }, d: { dateStyle: 'short' }, D: { dateStyle: 'long' },
    f: { dateStyle: 'long', timeStyle: 'short' }, F: { dateStyle: 'full', timeStyle: 'short' },
  }[style];
  if (style === 'R') {
    const seconds = (date.getTime() - Date.now()) / 1000;
    const units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
    const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
    el.textContent = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
  } else {
    el.textContent = new Intl.DateTimeFormat(locale, options ?? {}).format(date);
  }
  el.title = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' }).format(date);
}

function markUnread(channelId) {
  document.querySelector(`#channel-list [data-channel-id="${CSS.escape(channelId)}"]`)?.classList.add('unread');
}

function messageIdOf(el) {
  return el.closest('article[data-message-id]')?.dataset.messageId;
}

export function listenToMessages() {
  $('panes').addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    const button = target.closest('button[data-custom-id]');
    if (button !== null && !button.disabled) {
      send({ type: 'button', locale: state.locale, messageId: messageIdOf(button), customId: button.dataset.customId }).catch((error) => showError(error.message));
      return;
    }
    if (target.closest('button.dismiss') !== null) {
      send({ type: 'dismiss', messageId: messageIdOf(target) }).catch((error) => showError(error.message));
      return;
    }
    target.closest('.spoiler')?.classList.add('revealed');
  });

  $('panes').addEventListener('change', (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.classList.contains('select-menu')) return;
    const values = [...select.selectedOptions].map((option) => option.value).filter((value) => value !== '');
    if (values.length < Number(select.dataset.min ?? 1)) return;
    send({ type: 'select', locale: state.locale, messageId: messageIdOf(select), customId: select.dataset.customId, values }).catch((error) => showError(error.message));
  });
}
