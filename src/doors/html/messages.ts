// One-shot messages (success, error, notice) at the top of a page, in a live region.
import { html, type Html } from './html.ts';

export interface Message {
  type: 'success' | 'error' | 'notice';
  text: string;
}

export function messageList(messages: Message[] = []): Html {
  if (messages.length === 0) return html``;
  const urgent = messages.some((m) => m.type === 'error');
  // The live region wraps the list: a role on the <ul> itself would hide its list semantics.
  return html`<div ${urgent ? html`role="alert"` : html`role="status"`}><ul class="messages">${messages.map(
    (m) => html`<li class="${m.type}">${m.text}</li>`,
  )}</ul></div>`;
}
