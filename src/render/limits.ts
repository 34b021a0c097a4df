/** Discord's message and embed limits, in characters unless named otherwise. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fieldsPerEmbed: 25,
  footerText: 2048,
  authorName: 256,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer and author of every embed of one message, together. */
  embedCharactersPerMessage: 6000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  actionRowsPerMessage: 5,
} as const;
