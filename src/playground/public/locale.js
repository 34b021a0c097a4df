// The language switch: redraws every word of the page in the chosen language and remembers the choice.

import { drawChannels, showChannel } from './channels.js';
import { entryLabel, suggestCommands } from './composer.js';
import { decorate } from './messages.js';
import { drawOptionFields } from './options.js';
import { $, state } from './state.js';

export function applyLocale() {
  document.documentElement.lang = state.locale;
  $('locale').value = state.locale;
  decorate(document.body);
  drawChannels();
  showChannel(state.channelId);
  if (state.picked !== null) {
    $('command-chip').textContent = entryLabel(state.picked);
    drawOptionFields();
  }
  suggestCommands();
}

export function listenToLocale() {
  $('locale').addEventListener('change', () => {
    state.locale = $('locale').value === 'fr' ? 'fr' : 'en';
    localStorage.setItem('playground-locale', state.locale);
    applyLocale();
  });
}
