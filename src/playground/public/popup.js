// The suggestion popup above the command box: commands while typing /, autocomplete choices in an option field.

import { $, state } from './state.js';

export function openPopup(items, onPick, forField) {
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

export function closePopup() {
  $('popup').hidden = true;
  state.popupItems = [];
  state.popupFor = null;
}

export function movePopup(step) {
  const rows = [...$('popup').children];
  if (rows.length === 0) return;
  state.popupIndex = (state.popupIndex + step + rows.length) % rows.length;
  rows.forEach((row, index) => row.classList.toggle('selected', index === state.popupIndex));
}
