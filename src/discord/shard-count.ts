import { REST, Routes, type RESTGetAPIGatewayBotResult } from 'discord.js';

/** SHARD_COUNT=auto: the shard count Discord recommends for the bot (GET /gateway/bot). */
export async function recommendedShardCount(token: string, apiBase: string | undefined): Promise<number> {
  const rest = new REST(apiBase === undefined ? {} : { api: apiBase }).setToken(token);
  const answer = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return answer.shards;
}
