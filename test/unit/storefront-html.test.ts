// The storefront's template tag escapes every interpolated value; only Html passes through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escape, formatMessage, html } from '../../src/doors/storefront/kit/html.ts';

describe('storefront html', () => {
  it('escapes text in element content and attribute values', () => {
    const name = '<script>alert(1)</script>';
    const attr = `" onmouseover="alert('x')`;
    assert.equal(html`<p title="${attr}">${name}</p>`.value, '<p title="&quot; onmouseover=&quot;alert(&#39;x&#39;)">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    assert.equal(escape('&amp;'), '&amp;amp;');
  });

  it('passes nested Html through once, and renders lists, numbers and empty values', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(html`<div>${inner}${[1, html`<br>`, '<']}${null}${undefined}${false}</div>`.value, '<div><b>&lt;i&gt;</b>1<br>&lt;</div>');
  });

  it('fills Magento message placeholders by position and by name', () => {
    assert.equal(formatMessage('The password needs at least %1 characters.', ['8']), 'The password needs at least 8 characters.');
    assert.equal(formatMessage('"%fieldName" is required. Enter and try again.', { fieldName: 'city' }), '"city" is required. Enter and try again.');
    assert.equal(formatMessage('Kept %missing', { other: 1 }), 'Kept %missing');
  });
});
