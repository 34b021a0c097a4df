// The picked command's option fields, their values as the bot receives them, and autocomplete.

import { closePopup, openPopup } from './popup.js';
import { $, OPTION, loc, send, showError, state, t } from './state.js';

export function drawOptionFields() {
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

export function optionValues(except) {
  const values = {};
  for (const el of $('option-fields').querySelectorAll('[data-option]')) {
    if (el.dataset.option === except) continue;
    const raw = el.dataset.value ?? el.value;
    if (raw === '') continue;
    values[el.dataset.option] = raw;
  }
  return values;
}

export function commandPath() {
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
