/**
 * The HTML runtime is the XSS guard of every page: an injection corpus against it directly.
 * Every expected output is written out by hand.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Fragment, h, render, trusted, type Child } from './jsx.ts';

/** One element with the given attributes and children, as markup. */
const html = (tag: string, props: Record<string, unknown> | null, ...children: Child[]) => render(h(tag, props as never, ...children));
const refused = 'about:invalid#unsafe-url';

describe('text children', () => {
  test('markup in text is shown, not run', () => {
    assert.equal(html('p', null, '<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    assert.equal(html('p', null, '<img src=x onerror=alert(1)>'), '<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    assert.equal(html('p', null, '<svg onload=alert(1)>'), '<p>&lt;svg onload=alert(1)&gt;</p>');
    assert.equal(html('p', null, '<svg><script>alert(1)</script></svg>'), '<p>&lt;svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;</p>');
  });

  test('ampersands and quotes of both kinds', () => {
    assert.equal(html('p', null, `Tom & "Jerry" 'O'Neil'`), '<p>Tom &amp; &quot;Jerry&quot; &#39;O&#39;Neil&#39;</p>');
    assert.equal(html('p', null, '&lt; is already an entity &amp;'), '<p>&amp;lt; is already an entity &amp;amp;</p>');
  });

  test('comments, and the end tags of raw text elements, cannot be opened or closed from text', () => {
    assert.equal(html('p', null, '<!-- a --><script>alert(1)</script>'), '<p>&lt;!-- a --&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    assert.equal(html('p', null, '--!><script>'), '<p>--!&gt;&lt;script&gt;</p>');
    assert.equal(html('textarea', { name: 'reason' }, '</textarea><script>alert(1)</script>'), '<textarea name="reason">&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    assert.equal(html('style', null, '</style><script>alert(1)</script>'), '<style>&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;</style>');
    assert.equal(html('script', null, '</script><script>alert(1)//'), '<script>&lt;/script&gt;&lt;script&gt;alert(1)//</script>');
    assert.equal(html('title', null, '</title><script>alert(1)</script>'), '<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  test('numbers are written, booleans, null and undefined are not; arrays and fragments are flattened and escaped', () => {
    assert.equal(html('p', null, 0, 1.5, true, false, null, undefined), '<p>01.5</p>');
    assert.equal(html('ul', null, ['<a>', ['&', '"']]), '<ul>&lt;a&gt;&amp;&quot;</ul>');
    assert.equal(render(h(Fragment, null, '<b>', h('i', null, '</i>'))), '&lt;b&gt;<i>&lt;/i&gt;</i>');
  });

  test('an object that only looks like markup is text; only trusted() and JSX are inserted as they are', () => {
    const lookalike = JSON.parse('{"value":"<script>alert(1)</script>"}') as never;
    assert.equal(html('p', null, lookalike), '<p>[object Object]</p>');
    assert.equal(html('p', null, trusted('<svg viewBox="0 0 1 1"></svg>')), '<p><svg viewBox="0 0 1 1"></svg></p>');
  });

  test('NUL becomes U+FFFD, as the HTML parser would make it', () => {
    assert.equal(html('p', null, 'a\u0000b'), '<p>a\uFFFDb</p>');
    assert.equal(html('p', null, '<\u0000script>'), '<p>&lt;\uFFFDscript&gt;</p>');
  });

  test('a lone surrogate becomes U+FFFD; a pair is kept', () => {
    assert.equal(html('p', null, 'a\ud800b'), '<p>a\uFFFDb</p>');
    assert.equal(html('p', null, 'a\udc00b'), '<p>a\uFFFDb</p>');
    assert.equal(html('p', null, 'end\ud83d'), '<p>end\uFFFD</p>');
    assert.equal(html('p', null, '\udc00\ud800'), '<p>\uFFFD\uFFFD</p>');
    assert.equal(html('p', null, 'a\ud83d\ude00b'), '<p>a\ud83d\ude00b</p>');
  });
});

describe('bidirectional text (names in Arabic and Latin script)', () => {
  test('embedding and override controls are removed: a name cannot reverse what follows it', () => {
    assert.equal(html('bdi', null, '\u202Egnp.exe'), '<bdi>gnp.exe</bdi>');
    assert.equal(html('p', null, 'a\u202Ab\u202Bc\u202Cd\u202De\u202Ef'), '<p>abcdef</p>');
    assert.equal(html('span', { title: '\u202Eevil' }), '<span title="evil"></span>');
  });

  test('isolates are kept balanced: one left open is closed at the end of its text, a stray closing one is dropped', () => {
    // What i18n does to a value put into a sentence: first strong isolate … pop directional isolate.
    assert.equal(html('p', null, 'ترحيل \u2068Ali Hassan\u2069 إلى'), '<p>ترحيل \u2068Ali Hassan\u2069 إلى</p>');
    assert.equal(html('p', null, '\u2067abc'), '<p>\u2067abc\u2069</p>');
    assert.equal(html('p', null, '\u2066a\u2067b\u2069c'), '<p>\u2066a\u2067b\u2069c\u2069</p>');
    assert.equal(html('p', null, 'abc\u2069def'), '<p>abcdef</p>');
    // A name that tries to leave the isolate i18n put it in, then override the rest.
    assert.equal(html('p', null, 'x \u2068\u2069\u202Eevil\u2069 y'), '<p>x \u2068\u2069evil y</p>');
    assert.equal(html('span', { title: 'a\u2068b' }), '<span title="a\u2068b\u2069"></span>');
  });

  test('marks that carry no state (LRM, RLM, ALM) and the joiners Kurdish needs are kept', () => {
    assert.equal(html('p', null, 'a\u200Eb\u200Fc\u061Cd\u200Ce\u200Df'), '<p>a\u200Eb\u200Fc\u061Cd\u200Ce\u200Df</p>');
  });
});

describe('attribute values', () => {
  test('quotes of both kinds, angle brackets and ampersands cannot end the value', () => {
    assert.equal(html('input', { value: '" onfocus="alert(1)" autofocus="' }), '<input value="&quot; onfocus=&quot;alert(1)&quot; autofocus=&quot;">');
    assert.equal(html('input', { value: "' onfocus='alert(1)" }), '<input value="&#39; onfocus=&#39;alert(1)">');
    assert.equal(html('div', { title: '"><script>alert(1)</script>' }), '<div title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></div>');
    assert.equal(html('div', { 'data-name': 'a & b <!-- c -->' }), '<div data-name="a &amp; b &lt;!-- c --&gt;"></div>');
  });

  test('style attribute values are escaped like any other', () => {
    assert.equal(html('div', { style: 'color: red" onclick="alert(1)' }), '<div style="color: red&quot; onclick=&quot;alert(1)"></div>');
    assert.equal(html('div', { style: '</style><script>alert(1)</script>' }), '<div style="&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></div>');
  });

  test('NUL and lone surrogates in a value become U+FFFD', () => {
    assert.equal(html('div', { title: 'a\u0000b\ud800c' }), '<div title="a\uFFFDb\uFFFDc"></div>');
  });

  test('true writes the bare name; false, null and undefined leave the attribute out; className and htmlFor', () => {
    assert.equal(html('input', { disabled: true, checked: false, value: null, name: undefined }), '<input disabled>');
    assert.equal(html('label', { className: 'a"b', htmlFor: 'x' }), '<label class="a&quot;b" for="x"></label>');
  });

  test('an attribute value that is not text, a number or a boolean is refused', () => {
    assert.throws(() => html('div', { title: ['a'] }), /attribute title takes text, a number or a boolean/);
    assert.throws(() => html('div', { title: trusted('<b>') }), /attribute title takes text, a number or a boolean/);
  });
});

describe('attribute names (props spread from data)', () => {
  test('event handler attributes are refused, whatever their case', () => {
    assert.throws(() => html('div', { onclick: 'alert(1)' }), /attribute onclick: event handler attributes are not written/);
    assert.throws(() => html('svg', { onload: 'alert(1)' }), /attribute onload: event handler attributes are not written/);
    assert.throws(() => html('img', { ONERROR: 'alert(1)' }), /attribute ONERROR: event handler attributes are not written/);
    assert.throws(() => html('div', { 'hx-on:click': 'alert(1)' }), /attribute hx-on:click: event handler attributes are not written/);
    assert.throws(() => html('div', { 'hx-on--click': 'alert(1)' }), /attribute hx-on--click: event handler attributes are not written/);
    assert.throws(() => html('div', { 'data-hx-on:click': 'alert(1)' }), /attribute data-hx-on:click: event handler attributes are not written/);
    // Every name that begins with "on" is one, or none the platform knows.
    assert.throws(() => html('div', { online: 'yes' }), /attribute online: event handler attributes are not written/);
  });

  test('srcdoc (a whole document in an attribute) is refused', () => {
    assert.throws(() => html('iframe', { srcdoc: '<script>alert(1)</script>' }), /attribute srcdoc is not written/);
  });

  test('names that would break out of the tag are refused', () => {
    assert.throws(() => html('div', { '" onmouseover="alert(1)': 'x' }), /invalid attribute name/);
    assert.throws(() => html('div', { 'x onload': 'alert(1)' }), /invalid attribute name/);
    assert.throws(() => html('div', { 'a>': 'x' }), /invalid attribute name/);
    assert.throws(() => html('div', { 'a/b': 'x' }), /invalid attribute name/);
    assert.throws(() => html('div', { '': 'x' }), /invalid attribute name/);
  });

  test('ordinary names from data are written', () => {
    assert.equal(html('div', { 'data-onclick': 'x', 'aria-label': '<b>', 'data-name': 'y' }), '<div data-onclick="x" aria-label="&lt;b&gt;" data-name="y"></div>');
  });

  test('invalid tag names are refused', () => {
    assert.throws(() => html('script src=x', null), /invalid tag/);
    assert.throws(() => html('a><script', null), /invalid tag/);
  });
});

describe('URLs in attributes', () => {
  test('javascript:, vbscript: and data: URLs in links, forms and frames are replaced', () => {
    assert.equal(html('a', { href: 'javascript:alert(1)' }, 'x'), `<a href="${refused}">x</a>`);
    assert.equal(html('a', { href: 'JaVaScRiPt:alert(1)' }), `<a href="${refused}"></a>`);
    assert.equal(html('a', { href: '  javascript:alert(1)' }), `<a href="${refused}"></a>`);
    assert.equal(html('a', { href: '\u0001\u001fjavascript:alert(1)' }), `<a href="${refused}"></a>`);
    assert.equal(html('a', { href: 'java\tscr\nipt\r:alert(1)' }), `<a href="${refused}"></a>`);
    assert.equal(html('a', { href: 'vbscript:msgbox(1)' }), `<a href="${refused}"></a>`);
    assert.equal(html('a', { href: 'data:text/html,<script>alert(1)</script>' }), `<a href="${refused}"></a>`);
    assert.equal(html('a', { href: 'data:image/svg+xml,<svg onload=alert(1)>' }), `<a href="${refused}"></a>`);
    assert.equal(html('form', { action: 'javascript:alert(1)', method: 'post' }), `<form action="${refused}" method="post"></form>`);
    assert.equal(html('button', { formaction: 'javascript:alert(1)' }), `<button formaction="${refused}"></button>`);
    assert.equal(html('iframe', { src: 'javascript:alert(1)' }), `<iframe src="${refused}"></iframe>`);
    assert.equal(html('iframe', { src: 'data:text/html,<script>alert(1)</script>' }), `<iframe src="${refused}"></iframe>`);
    assert.equal(html('object', { data: 'data:text/html,x' }), `<object data="${refused}"></object>`);
    assert.equal(html('embed', { src: 'javascript:alert(1)' }), `<embed src="${refused}">`);
    assert.equal(html('script', { src: 'data:text/javascript,alert(1)' }), `<script src="${refused}"></script>`);
    assert.equal(html('a', { 'xlink:href': 'javascript:alert(1)' }), `<a xlink:href="${refused}"></a>`);
    assert.equal(html('blockquote', { cite: 'javascript:alert(1)' }), `<blockquote cite="${refused}"></blockquote>`);
    assert.equal(html('a', { href: 'file:///etc/passwd' }), `<a href="${refused}"></a>`);
  });

  test('htmx request attributes are URLs too', () => {
    assert.equal(html('form', { 'hx-post': 'javascript:alert(1)' }), `<form hx-post="${refused}"></form>`);
    assert.equal(html('input', { 'hx-get': 'data:text/html,x' }), `<input hx-get="${refused}">`);
    assert.equal(html('a', { 'hx-push-url': 'javascript:alert(1)' }), `<a hx-push-url="${refused}"></a>`);
    assert.equal(html('a', { 'hx-push-url': 'true' }), '<a hx-push-url="true"></a>');
    assert.equal(html('form', { 'hx-post': '/transfers/1/check-in', 'hx-target': '#count' }), '<form hx-post="/transfers/1/check-in" hx-target="#count"></form>');
  });

  test('htmx values and headers that would be evaluated as script are replaced by an empty object', () => {
    assert.equal(html('div', { 'hx-vals': 'js:{a: alert(1)}' }), '<div hx-vals="{}"></div>');
    assert.equal(html('div', { 'hx-headers': ' javascript:{a: alert(1)}' }), '<div hx-headers="{}"></div>');
    assert.equal(html('body', { 'hx-headers': '{"X-CSRF-Token":"a\'b"}' }), '<body hx-headers="{&quot;X-CSRF-Token&quot;:&quot;a&#39;b&quot;}"></body>');
  });

  test('relative URLs, http(s), mailto and tel are written (escaped)', () => {
    assert.equal(html('a', { href: '/persons/0b6f?page=2&lang=ar#events' }), '<a href="/persons/0b6f?page=2&amp;lang=ar#events"></a>');
    assert.equal(html('a', { href: '#main' }), '<a href="#main"></a>');
    assert.equal(html('a', { href: '?q=<x>' }), '<a href="?q=&lt;x&gt;"></a>');
    assert.equal(html('a', { href: 'persons/1' }), '<a href="persons/1"></a>');
    assert.equal(html('a', { href: './a:b' }), '<a href="./a:b"></a>');
    assert.equal(html('a', { href: 'https://example.org/a?b=1&c="2"' }), '<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;"></a>');
    assert.equal(html('a', { href: 'HTTP://example.org/' }), '<a href="HTTP://example.org/"></a>');
    assert.equal(html('a', { href: 'mailto:registry@example.org' }), '<a href="mailto:registry@example.org"></a>');
    assert.equal(html('a', { href: 'tel:+964000' }), '<a href="tel:+964000"></a>');
    // An entity is not decoded by us: the browser sees the text "javascript&colon;…", a relative URL.
    assert.equal(html('a', { href: 'javascript&colon;alert(1)' }), '<a href="javascript&amp;colon;alert(1)"></a>');
    assert.equal(html('a', { href: '' }), '<a href=""></a>');
  });

  test('data: is written only where it is an image: an img, or a link to an icon', () => {
    assert.equal(html('img', { src: 'data:image/png;base64,iVBORw0KGgo=', alt: '' }), '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">');
    assert.equal(html('link', { rel: 'icon', href: 'data:,' }), '<link rel="icon" href="data:,">');
    assert.equal(html('link', { rel: 'stylesheet', href: 'data:text/css,body{}' }), `<link rel="stylesheet" href="${refused}">`);
    assert.equal(html('img', { src: 'javascript:alert(1)' }), `<img src="${refused}">`);
  });
});
