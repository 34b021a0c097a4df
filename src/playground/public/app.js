// The playground page: a Discord channel drawn from what the playground server sends. Messages arrive as HTML the
// server rendered and escaped; the page only places them, formats timestamps and sends what the user does.
// Each concern is one module; this one wires them together and starts.

import { listenToComposer } from './composer.js';
import { applyLocale, listenToLocale } from './locale.js';
import { formatTime, listenToMessages, remove, upsert } from './messages.js';
import { $, showError, state } from './state.js';

listenToMessages();
listenToComposer();
listenToLocale();

async function start() {
  const events = new EventSource('/play/events');
  events.onmessage = (event) => {
    const change = JSON.parse(event.data);
    if (change.op === 'delete') remove(change.id);
    else upsert(change);
  };
  const world = await (await fetch('/play/state')).json();
  state.world = world;
  state.channelId = world.channels[0].id;
  $('guild-name').textContent = world.guild.name;
  $('me-name').textContent = world.user.name;
  $('demo-note').hidden = !world.demo;
  for (const view of world.messages) upsert(view);
  applyLocale();
  setInterval(() => document.querySelectorAll('time.ts[data-style="R"]').forEach(formatTime), 30_000);
  document.body.dataset.ready = 'true';
}

start().catch((error) => showError(error.message));
