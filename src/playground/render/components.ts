import { ButtonStyle, ComponentType, type APIButtonComponent, type APIMessageTopLevelComponent, type APIStringSelectComponent } from 'discord.js';
import { escapeHtml, safeHttpUrl } from './escape.ts';

const STYLE_CLASS: Record<number, string> = {
  [ButtonStyle.Primary]: 'primary',
  [ButtonStyle.Secondary]: 'secondary',
  [ButtonStyle.Success]: 'success',
  [ButtonStyle.Danger]: 'danger',
  [ButtonStyle.Link]: 'link',
};

function label(component: { label?: string | undefined; emoji?: { name?: string | undefined | null } | undefined }): string {
  const emoji = component.emoji?.name ?? undefined;
  return [emoji, component.label].filter((part) => part !== undefined && part !== '').map((part) => escapeHtml(part as string)).join(' ');
}

function button(component: APIButtonComponent): string {
  const disabled = component.disabled === true ? ' disabled' : '';
  const style = STYLE_CLASS[component.style] ?? 'secondary';
  if (component.style === ButtonStyle.Link) {
    const href = safeHttpUrl(component.url);
    return href === undefined ? '' : `<a class="button link" href="${href}" target="_blank" rel="noopener noreferrer">${label(component)} ↗</a>`;
  }
  if (!('custom_id' in component)) return '';
  return `<button type="button" class="button ${style}" data-custom-id="${escapeHtml(component.custom_id)}"${disabled}>${label(component)}</button>`;
}

function select(component: APIStringSelectComponent): string {
  const min = component.min_values ?? 1;
  const max = component.max_values ?? 1;
  const options = component.options.map((option) =>
    `<option value="${escapeHtml(option.value)}"${option.default === true ? ' selected' : ''}>${label(option)}${option.description === undefined ? '' : ` — ${escapeHtml(option.description)}`}</option>`);
  const placeholder = `<option value="" disabled${component.options.some((o) => o.default === true) ? '' : ' selected'}>${escapeHtml(component.placeholder ?? 'Make a selection')}</option>`;
  return `<select class="select-menu" data-custom-id="${escapeHtml(component.custom_id)}" data-min="${min}" data-max="${max}"${max > 1 ? ' multiple' : ''}${component.disabled === true ? ' disabled' : ''}>${max > 1 ? '' : placeholder}${options.join('')}</select>`;
}

/** Action rows of buttons and string select menus; other kinds are named, not drawn. */
export function renderComponents(rows: readonly APIMessageTopLevelComponent[]): string {
  return rows.map((row) => {
    if (row.type !== ComponentType.ActionRow) return `<div class="unsupported">(component type ${Number(row.type)})</div>`;
    const inner = row.components.map((component) => {
      if (component.type === ComponentType.Button) return button(component);
      if (component.type === ComponentType.StringSelect) return select(component);
      return `<span class="unsupported">(component type ${Number(component.type)})</span>`;
    });
    return `<div class="action-row">${inner.join('')}</div>`;
  }).join('');
}
