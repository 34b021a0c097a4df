import { UserError } from '../../errors.ts';
import { changeGuildSettings, updateGuildSettings } from '../guilds.ts';
import { blankSettings, type ServiceContext } from './context.ts';

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * Sets the role pinged, alone, in the digest message that holds possible new retreats; `roleId` undefined turns the
 * alert off. @everyone (the role whose id is the server's) is refused: the alert pings one chosen role, never
 * everyone. Works before setup. Resolves with the role the alert had before.
 */
export async function setAlert(ctx: ServiceContext, guildId: string, roleId: string | undefined): Promise<{ previous?: string }> {
  let previous: string | undefined;
  if (roleId === undefined) {
    await updateGuildSettings(ctx.store, guildId, (current) => {
      previous = current.alertRoleId;
      const { alertRoleId: _off, ...rest } = current;
      return rest;
    });
  } else {
    if (!SNOWFLAKE.test(roleId)) throw new RangeError(`not a role id: ${roleId}`);
    if (roleId === guildId) {
      throw new UserError({
        en: 'The alert pings one role you choose, never @everyone: pick another role.',
        fr: 'L’alerte mentionne un rôle choisi, jamais @everyone : choisissez un autre rôle.',
      });
    }
    await changeGuildSettings(ctx.store, guildId, () => blankSettings(ctx, guildId, 'en'), (current) => {
      previous = current.alertRoleId;
      return { ...current, alertRoleId: roleId };
    });
  }
  ctx.log.info('digest alert set', { guildId, on: roleId !== undefined });
  return previous === undefined ? {} : { previous };
}
