// The command box: the command picker, sending the command, and its keys (Enter picks then sends, as in Discord).

import { closePopup, movePopup, openPopup } from './popup.js';
import { commandPath, drawOptionFields, optionValues } from './options.js';
import { $, OPTION, loc, send, showError, state, t } from './state.js';

/** Every command and subcommand the user can pick, as Discord's picker lists them. */
function entries() {
  const out = [];
  for (const command of state.world.commands) {
    const subs = (command.options ?? []).filter((o) => o.type === OPTION.SUB || o.type === OPTION.GROUP);
    if (subs.length === 0) out.push({ command, path: [], options: command.options ?? [] });
    for (const sub of subs) {
      if (sub.type === OPTION.SUB) out.push({ command, path: [sub], options: sub.options ?? [] });
      else for (const leaf of sub.options ?? []) out.push({ command, path: [sub, leaf], options: leaf.options ?? [] });
    }
  }
  return out;
}

export const entryLabel = (entry) => `/${[entry.command, ...entry.path].map((part) => loc(part, 'name')).join(' ')}`;
const entryDescription = (entry) => loc(entry.path.at(-1) ?? entry.command, 'description');

export function suggestCommands() {
  const typed = $('command-input').value;
  if (state.picked !== null || !typed.startsWith('/')) return closePopup();
  const query = typed.slice(1).trim().toLowerCase();
  const items = entries()
    .map((entry) => ({ entry, label: entryLabel(entry), description: entryDescription(entry) }))
    .filter((item) => item.label.slice(1).toLowerCase().startsWith(query) || item.entry.command.name.startsWith(query));
  openPopup(items, (item) => pickCommand(item.entry), null);
}

function pickCommand(entry) {
  state.picked = entry;
  closePopup();
  showError('');
  $('command-input').value = '';
  $('command-input').hidden = true;
  const chip = $('command-chip');
  chip.hidden = false;
  chip.textContent = entryLabel(entry);
  drawOptionFields();
  $('option-fields').querySelector('input, select')?.focus();
  if (entry.options.length === 0) $('send').focus();
}

function clearCommand() {
  state.picked = null;
  $('command-chip').hidden = true;
  $('option-fields').replaceChildren();
  $('command-input').hidden = false;
  $('command-input').value = '';
  $('command-input').focus();
  closePopup();
}

async function submitCommand() {
  if (state.picked === null) {
    showError(t('noCommand'));
    return;
  }
  try {
    await send({ type: 'command', locale: state.locale, channelId: state.channelId, ...commandPath(), options: optionValues() });
    showError('');
    clearCommand();
  } catch (error) {
    showError(error.message);
  }
}

export function listenToComposer() {
  $('command-input').addEventListener('input', suggestCommands);
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    closePopup();
    submitCommand();
  });
  $('composer').addEventListener('keydown', (event) => {
    const popupOpen = !$('popup').hidden && state.popupItems.length > 0;
    // Enter with suggestions open picks the highlighted one, as in Discord; otherwise it sends.
    if (event.key === 'Enter' && popupOpen) { event.preventDefault(); state.popupItems[state.popupIndex]?.pick(); }
    else if (event.key === 'ArrowDown' && popupOpen) { event.preventDefault(); movePopup(1); }
    else if (event.key === 'ArrowUp' && popupOpen) { event.preventDefault(); movePopup(-1); }
    else if (event.key === 'Tab' && popupOpen) { event.preventDefault(); state.popupItems[state.popupIndex]?.pick(); }
    else if (event.key === 'Escape') { if (popupOpen) closePopup(); else clearCommand(); }
  });
  $('command-chip').addEventListener('click', clearCommand);
}
