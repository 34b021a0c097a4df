import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { attachmentUrl } from '../discord/message-body.ts';
import type { MessageBoard, MessageChange, PlayMessage } from '../messages.ts';
import { renderMessage, type MessageContext } from '../render/message.ts';
import type { PlaygroundWorld } from '../world.ts';

/** A message as the page receives it: where it goes and its HTML (escaped by the renderer). */
export interface MessageView {
  readonly id: string;
  readonly channelId: string;
  readonly html: string;
}

export function messageContext(world: PlaygroundWorld): MessageContext {
  const botName = world.bot.username;
  const userName = world.user.global_name ?? world.user.username;
  return {
    botName,
    userName,
    channels: new Map(world.channels.map((channel) => [channel.id, channel.name])),
    users: new Map([[world.bot.id, botName], [world.user.id, userName]]),
    attachmentUrl,
  };
}

export function viewOf(message: PlayMessage, ctx: MessageContext): MessageView {
  return { id: message.id, channelId: message.channelId, html: renderMessage(message, ctx) };
}

export function changeView(change: MessageChange, ctx: MessageContext) {
  return change.kind === 'delete' ? { op: 'delete', id: change.id, channelId: change.channelId } : { op: 'upsert', ...viewOf(change.message, ctx) };
}

/** Everything the page needs to draw itself: the server, the commands, the messages so far. */
export function pageState(world: PlaygroundWorld, commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[], board: MessageBoard, demo: boolean) {
  const ctx = messageContext(world);
  return {
    guild: { id: world.guildId, name: world.guildName },
    bot: { id: world.bot.id, name: world.bot.username },
    user: { id: world.user.id, name: world.user.global_name ?? world.user.username },
    channels: world.channels,
    commands,
    demo,
    messages: board.list().map((message) => viewOf(message, ctx)),
  };
}
