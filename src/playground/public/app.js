// The playground page: a Discord channel drawn from what the playground server sends. Messages arrive as HTML the
// server rendered and escaped; this script only places them, formats timestamps and sends what the user does.

const TEXT = {
  en: {
    textChannels: 'Text channels', language: 'Language', demo: 'Demo mode: the digest reads a bundled sample feed.',
    topic: 'The bot’s answers appear here, as in Discord.', send: 'Send', used: 'used', edited: '(edited)',
    thinking: 'Decoupling Watch is thinking…', onlyYou: 'Only you can see this', dismiss: 'Dismiss message',
    hint: 'Type / to see the bot’s commands. Enter picks, Enter again sends.', placeholder: 'Message #{channel} — type / for commands',
    noCommand: 'Pick a command first: type / and choose one.', failed: 'The playground could not send this.', noChoices: 'No suggestions',
    required: 'required', yes: 'True', no: 'False', digestChannel: 'where the digest is posted',
  },
  fr: {
    textChannels: 'Salons textuels', language: 'Langue', demo: 'Mode démo : le résumé lit un flux d’exemple fourni.',
    topic: 'Les réponses du bot s’affichent ici, comme dans Discord.', send: 'Envoyer', used: 'a utilisé', edited: '(modifié)',
    thinking: 'Decoupling Watch réfléchit…', onlyYou: 'Vous seul pouvez voir ceci', dismiss: 'Ignorer le message',
    hint: 'Tapez / pour voir les commandes du bot. Entrée choisit, Entrée à nouveau envoie.', placeholder: 'Envoyer un message dans #{channel} — tapez / pour les commandes',
    noCommand: 'Choisissez d’abord une commande : tapez / et choisissez-en une.', failed: 'Le bac à sable n’a pas pu envoyer ceci.', noChoices: 'Aucune suggestion',
    required: 'obligatoire', yes: 'Vrai', no: 'Faux', digestChannel: 'où le résumé est publié',
  },
};

const OPTION = { SUB: 1, GROUP: 2, STRING: 3, INTEGER: 4, BOOLEAN: 5, USER: 6, CHANNEL: 7, NUMBER: 10 };

const $ = (id) => document.getElementById(id);
const state = { locale: localStorage.getItem('playground-locale') === 'fr' ? 'fr' : 'en', channelId: '', world: null, picked: null, popupItems: [], popupIndex: 0, popupFor: null };
const t = (key) => TEXT[state.locale][key] ?? TEXT.en[key] ?? key;
const loc = (item, field) => (state.locale === 'fr' ? item[`${field}_localizations`]?.fr : undefined) ?? item[field];

async function send(body) {
  const response = await fetch('/play/interactions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error?.[state.locale] ?? data.error?.en ?? t('failed'));
  return data;
}

function showError(message) {
  $('composer-error').textContent = message ?? '';
}

// ——— messages ———

function pane(channelId) {
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

function upsert(view) {
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

function remove(id) {
  document.querySelector(`article[data-message-id="${CSS.escape(id)}"]`)?.remove();
}

function decorate(root) {
  for (const el of root.querySelectorAll('[data-color]')) el.style.borderLeftColor = el.dataset.color;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('time.ts')) formatTime(el);
}

function formatTime(el) {
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

// ——— channels ———

function showChannel(channelId) {
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

function drawChannels() {
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

// ——— the command box ———

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

const entryLabel = (entry) => `/${[entry.command, ...entry.path].map((part) => loc(part, 'name')).join(' ')}`;
const entryDescription = (entry) => loc(entry.path.at(-1) ?? entry.command, 'description');

function openPopup(items, onPick, forField) {
  state.popupItems = items;
  state.popupIndex = 0;
  state.popupFor = forField;
  const popup = $('popup');
  popup.replaceChildren(...items.map((item, index) => {
    const row = document.createElement('div');
    row.className = `popup-item${index === 0 ? ' selected' : ''}`;
    row.setAttribute('role', 'option');
    const label = document.createElement('span');
    label.className = 'popup-label';
    label.textContent = item.label;
    row.append(label);
    if (item.description) {
      const description = document.createElement('span');
      description.className = 'popup-description';
      description.textContent = item.description;
      row.append(description);
    }
    row.addEventListener('mousedown', (event) => {
      event.preventDefault();
      onPick(item);
    });
    item.pick = () => onPick(item);
    return row;
  }));
  popup.hidden = items.length === 0;
}

function closePopup() {
  $('popup').hidden = true;
  state.popupItems = [];
  state.popupFor = null;
}

function movePopup(step) {
  const rows = [...$('popup').children];
  if (rows.length === 0) return;
  state.popupIndex = (state.popupIndex + step + rows.length) % rows.length;
  rows.forEach((row, index) => row.classList.toggle('selected', index === state.popupIndex));
}

function suggestCommands() {
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

function drawOptionFields() {
  const fields = $('option-fields');
  const values = Object.fromEntries([...fields.querySelectorAll('[data-option]')].map((el) => [el.dataset.option, el]));
  fields.replaceChildren(...(state.picked?.options ?? []).map((option) => {
    const label = document.createElement('label');
    label.className = `option${option.required ? ' required' : ''}`;
    label.title = loc(option, 'description');
    const name = document.createElement('span');
    name.className = 'option-name';
    name.textContent = `${loc(option, 'name')}${option.required ? '*' : ''}:`;
    label.append(name, optionControl(option, values[option.name]));
    return label;
  }));
}

function selectControl(pairs) {
  const select = document.createElement('select');
  select.append(new Option('', ''), ...pairs.map(([text, value]) => new Option(text, value)));
  return select;
}

function optionControl(option, previous) {
  let control;
  if (option.choices) control = selectControl(option.choices.map((choice) => [loc(choice, 'name'), String(choice.value)]));
  else if (option.type === OPTION.BOOLEAN) control = selectControl([[t('yes'), 'true'], [t('no'), 'false']]);
  else if (option.type === OPTION.CHANNEL) control = selectControl(state.world.channels.map((c) => [`# ${c.name}`, c.id]));
  else if (option.type === OPTION.USER) control = selectControl([[state.world.user.name, state.world.user.id], [state.world.bot.name, state.world.bot.id]]);
  else {
    control = document.createElement('input');
    control.type = 'text';
    control.placeholder = loc(option, 'description');
    if (option.autocomplete) {
      control.addEventListener('input', () => autocomplete(option, control));
      control.addEventListener('focus', () => autocomplete(option, control));
      control.addEventListener('blur', () => setTimeout(closePopup, 100));
    }
  }
  control.dataset.option = option.name;
  control.dataset.type = String(option.type);
  if (previous) {
    control.value = previous.value;
    if (previous.dataset.value !== undefined) control.dataset.value = previous.dataset.value;
  }
  return control;
}

function optionValues(except) {
  const values = {};
  for (const el of $('option-fields').querySelectorAll('[data-option]')) {
    if (el.dataset.option === except) continue;
    const raw = el.dataset.value ?? el.value;
    if (raw === '') continue;
    values[el.dataset.option] = raw;
  }
  return values;
}

function commandPath() {
  const [first, second] = state.picked.path;
  if (second !== undefined) return { name: state.picked.command.name, subcommandGroup: first.name, subcommand: second.name };
  return { name: state.picked.command.name, ...(first === undefined ? {} : { subcommand: first.name }) };
}

let autocompleteTurn = 0;
async function autocomplete(option, input) {
  delete input.dataset.value;
  const turn = ++autocompleteTurn;
  try {
    const { choices = [] } = await send({ type: 'autocomplete', locale: state.locale, channelId: state.channelId, ...commandPath(), options: optionValues(option.name), focused: option.name, value: input.value });
    if (turn !== autocompleteTurn || document.activeElement !== input) return;
    const items = choices.map((choice) => ({ label: loc(choice, 'name'), value: String(choice.value) }));
    openPopup(items.length > 0 ? items : [], (item) => {
      input.value = item.label;
      input.dataset.value = item.value;
      closePopup();
    }, input);
  } catch (error) {
    showError(error.message);
  }
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

// ——— locale ———

function applyLocale() {
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

$('locale').addEventListener('change', () => {
  state.locale = $('locale').value === 'fr' ? 'fr' : 'en';
  localStorage.setItem('playground-locale', state.locale);
  applyLocale();
});

// ——— start ———

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
