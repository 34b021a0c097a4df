// The channel list on the left and switching between channels.

import { pane } from './messages.js';
import { $, state, t } from './state.js';

export function showChannel(channelId) {
  state.channelId = channelId;
  const channel = state.world.channels.find((c) => c.id === channelId);
  $('channel-title').textContent = channel?.name ?? '';
  for (const el of document.querySelectorAll('.messages')) el.hidden = el.dataset.channelId !== channelId;
  for (const el of document.querySelectorAll('#channel-list li')) {
    el.classList.toggle('active', el.dataset.channelId === channelId);
    if (el.dataset.channelId === channelId) el.classList.remove('unread');
  }
  const list = pane(channelId);
  list.scrollTop = list.scrollHeight;
  $('command-input').placeholder = t('placeholder').replace('{channel}', channel?.name ?? '');
}

export function drawChannels() {
  const list = $('channel-list');
  list.replaceChildren(...state.world.channels.map((channel) => {
    const li = document.createElement('li');
    li.dataset.channelId = channel.id;
    li.tabIndex = 0;
    const name = document.createElement('span');
    name.textContent = `# ${channel.name}`;
    li.append(name);
    if (channel.purpose === 'digest') {
      const note = document.createElement('small');
      note.textContent = t('digestChannel');
      li.append(note);
    }
    li.addEventListener('click', () => showChannel(channel.id));
    return li;
  }));
}
