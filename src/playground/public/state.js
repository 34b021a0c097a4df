// What the page knows: the user's locale, the world the server described, the open channel, the command being
// written; the page's words in both languages, and the one request the page makes to the playground server.

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

export const OPTION = { SUB: 1, GROUP: 2, STRING: 3, INTEGER: 4, BOOLEAN: 5, USER: 6, CHANNEL: 7, NUMBER: 10 };

export const $ = (id) => document.getElementById(id);
export const state = { locale: localStorage.getItem('playground-locale') === 'fr' ? 'fr' : 'en', channelId: '', world: null, picked: null, popupItems: [], popupIndex: 0, popupFor: null };
export const t = (key) => TEXT[state.locale][key] ?? TEXT.en[key] ?? key;
export const loc = (item, field) => (state.locale === 'fr' ? item[`${field}_localizations`]?.fr : undefined) ?? item[field];

export async function send(body) {
  const response = await fetch('/play/interactions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error?.[state.locale] ?? data.error?.en ?? t('failed'));
  return data;
}

export function showError(message) {
  $('composer-error').textContent = message ?? '';
}
