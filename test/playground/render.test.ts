import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import type { PlayMessage } from '../../src/playground/messages.ts';
import { renderComponents } from '../../src/playground/render/components.ts';
import { renderEmbed } from '../../src/playground/render/embed.ts';
import { renderMarkdown } from '../../src/playground/render/markdown.ts';
import { renderMessage } from '../../src/playground/render/message.ts';

const names = { channels: new Map([['42', 'digest']]), users: new Map([['7', 'You']]) };
const embedCtx = { ...names, attachmentUrl: (name: string) => (name === 'chart.png' ? '/play/attachments/9/chart.png' : undefined) };

/** Hostile text as a feed or a user could write it: tags, attributes, URLs with scripts, entity tricks. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '[click](javascript:alert(1))',
  '[x](https://ok.example/"onmouseover="alert(1))',
  'https://evil.example/<script>alert(1)</script>',
  '**<b>bold</b>** __<u>u</u>__ `<code>` ```<pre>\n<script>x</script>```',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<t:1700000000:R"><script>alert(1)</script>>',
  '\u0000 0 \u00000\u0000 <script>',
  '> <script>quote</script>\n# <img src=x>\n-# <b>sub</b>\n- <i>li</i>',
];

/** The tags and attributes the renderer itself may write; anything else in the output came from the input. */
const ALLOWED_TAGS = new Set(['a', 'strong', 'em', 'u', 's', 'span', 'code', 'pre', 'br', 'time', 'blockquote', 'h3', 'h4', 'h5', 'small', 'div', 'img', 'button', 'select', 'option', 'article', 'header']);

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => (match[1] ?? '').toLowerCase());
}

const ALLOWED_ATTRIBUTES = /^(class|href|target|rel|src|alt|loading|datetime|type|disabled|value|selected|multiple|download|aria-hidden|data-[a-z0-9-]+)$/;

function expectInert(html: string) {
  for (const tag of tagsOf(html)) expect(ALLOWED_TAGS, `unexpected <${tag}> in ${html}`).toContain(tag);
  for (const [inside] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const attributes = inside.replace(/^<[\w-]+/, '').replace(/="[^"]*"/g, '').replace(/>$/, '').trim().split(/\s+/).filter(Boolean);
    for (const name of attributes) expect(name, `unexpected attribute in ${inside}`).toMatch(ALLOWED_ATTRIBUTES);
  }
  expect(html).not.toContain('\u0000');
  for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(url).toMatch(/^(https?:\/\/|\/play\/attachments\/)/);
}

describe('the playground renders Discord payloads as inert HTML', () => {
  it.each(HOSTILE)('Markdown never lets input add a tag, an attribute or a script: %j', (text) => {
    const html = renderMarkdown(text, names);
    expectInert(html);
    expect(html).not.toMatch(/<(script|img|svg|iframe|b|i)[\s>]/i);
  });

  it('escapes text so it shows as written', () => {
    expect(renderMarkdown('<b>x</b> & "y"', names)).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
    expect(renderMarkdown('`<script>`', names)).toBe('<code>&lt;script&gt;</code>');
  });

  it('renders Discord Markdown: bold, italics, underline, strike, code, links, quotes, headings, sub-text, lists', () => {
    expect(renderMarkdown('**b** *i* _j_ __u__ ~~s~~ ||sp||', names)).toBe('<strong>b</strong> <em>i</em> <em>j</em> <u>u</u> <s>s</s> <span class="spoiler">sp</span>');
    expect(renderMarkdown('[Reuters](https://www.reuters.com/a_b_c?x=1&y=2)', names)).toBe('<a href="https://www.reuters.com/a_b_c?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">Reuters</a>');
    expect(renderMarkdown('see https://a.example/x_y_z.', names)).toBe('see <a href="https://a.example/x_y_z" target="_blank" rel="noopener noreferrer">https://a.example/x_y_z</a>.');
    expect(renderMarkdown('> quoted\n## Title\n-# small\n- item', names)).toBe('<blockquote>quoted</blockquote><h4 class="md-h">Title</h4><small class="subtext">small</small><div class="li">item</div>');
    expect(renderMarkdown('a\nb', names)).toBe('a<br>b');
  });

  it('turns a link with a script URL into plain text, and keeps an https link whose text holds Markdown', () => {
    expect(renderMarkdown('[x](javascript:alert(1))', names)).not.toContain('<a');
    expect(renderMarkdown('[**AWS** lab](https://a.example/)', names)).toContain('><strong>AWS</strong> lab</a>');
  });

  it('renders mentions by name and timestamps as <time> for the page to format', () => {
    expect(renderMarkdown('in <#42> for <@7>, <#1>', names)).toBe('in <span class="mention">#digest</span> for <span class="mention">@You</span>, <span class="mention">#unknown-channel</span>');
    expect(renderMarkdown('<t:1700000000:R>', names)).toBe('<time class="ts" datetime="2023-11-14T22:13:20.000Z" data-style="R">2023-11-14 22:13 UTC</time>');
  });

  it('renders an embed: colour (as data, no inline style), title link, fields, footer, chart attachment; outside images only as links', () => {
    const embed: APIEmbed = {
      color: 0x16a085, title: 'T <i>', url: 'https://a.example/', description: 'D **x**',
      fields: [{ name: 'F1', value: 'v1', inline: true }, { name: 'F2', value: 'v2' }],
      image: { url: 'attachment://chart.png' }, thumbnail: { url: 'https://evil.example/track.png' }, footer: { text: 'Page 1 / 2 <b>' },
    };
    const html = renderEmbed(embed, embedCtx);
    expectInert(html);
    expect(html).toContain('data-color="#16a085"');
    expect(html).not.toContain('style=');
    expect(html).toContain('<a href="https://a.example/" target="_blank" rel="noopener noreferrer">T &lt;i&gt;</a>');
    expect(html).toContain('<div class="embed-field inline"><div class="embed-field-name">F1</div>');
    expect(html).toContain('<img class="embed-image" src="/play/attachments/9/chart.png"');
    expect(html).not.toContain('<img class="embed-thumbnail"');
    expect(html).toContain('Page 1 / 2 &lt;b&gt;');
  });

  it('refuses a colour that is not Discord’s integer', () => {
    const html = renderEmbed({ color: '#fff" onload="x' as unknown as number, title: 't' }, embedCtx);
    expect(html).not.toContain('data-color');
  });

  it('renders buttons and select menus with escaped ids and labels; link buttons only to http(s)', () => {
    const html = renderComponents([
      { type: 1, components: [
        { type: 2, style: 2, custom_id: 'retreats:1:"><script>', label: 'Next ▶ <b>' },
        { type: 2, style: 5, url: 'javascript:alert(1)', label: 'bad link' },
        { type: 2, style: 5, url: 'https://ok.example/', label: 'good link' },
      ] },
      { type: 1, components: [{ type: 3, custom_id: 'pick', placeholder: '<i>pick</i>', options: [{ label: '<b>A</b>', value: 'a"b', description: '<x>' }] }] },
    ]);
    expectInert(html);
    expect(html).toContain('data-custom-id="retreats:1:&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain('bad link');
    expect(html).toContain('href="https://ok.example/"');
    expect(html).toContain('<option value="a&quot;b">&lt;b&gt;A&lt;/b&gt; — &lt;x&gt;</option>');
  });

  it('marks an ephemeral message and a deferred one, and escapes names and file names', () => {
    const message: PlayMessage = {
      id: '1', channelId: '2', author: 'bot', ephemeral: true, thinking: true, content: 'hi <script>', embeds: [], components: [],
      attachments: [{ id: '5', filename: 'x<y>.csv', contentType: 'text/csv', data: Buffer.from('a') }], command: '/retreats <x>', createdAt: 0,
    };
    const html = renderMessage(message, { ...names, botName: 'Bot <b>', userName: 'You', attachmentUrl: () => '/play/attachments/5/x.csv' });
    expectInert(html);
    expect(html).toContain('class="message ephemeral thinking"');
    expect(html).toContain('data-i18n="onlyYou"');
    expect(html).toContain('/retreats &lt;x&gt;');
    expect(html).toContain('x&lt;y&gt;.csv');
  });
});
