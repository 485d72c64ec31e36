// Form fields with their labels, hints and errors linked through aria-describedby, and the
// mapping from the services' errors to those fields.
import type { ErrorCode } from '../../../errors/codes.ts';
import { DomainError, InputError } from '../../../errors/domain-errors.ts';
import { formatMessage, html, type Html } from './html.ts';

/** A service field name mapped to this form's input: its id, and the label people see. */
export interface FieldRef {
  id: string;
  label: string;
}

/**
 * Where a form shows each domain error: next to the field its `fieldName` parameter names
 * ('by-field-name'), next to the form's email, password or current-password input, or in the
 * summary at the top. One table for the whole storefront (the error-code test checks it is complete).
 */
export type ErrorPlacement = 'by-field-name' | 'email' | 'password' | 'current-password' | 'summary';
export const STOREFRONT_ERROR_PLACEMENT: Record<ErrorCode, ErrorPlacement> = {
  'input.required': 'by-field-name',
  'input.invalid_value': 'by-field-name',
  'input.aggregate': 'summary',
  'input.unsupported_field': 'by-field-name',
  'input.type_mismatch': 'by-field-name',
  'input.invalid_parameters': 'summary',
  'input.invalid_field_value': 'by-field-name',
  'search.invalid_field': 'summary',
  'search.invalid_sort_direction': 'summary',
  'entity.not_found': 'summary',
  'entity.not_found_by_two_fields': 'summary',
  'customer.email_taken': 'email',
  'customer.email_missing': 'email',
  'customer.invalid_fields': 'summary',
  'customer.group_not_found': 'summary',
  'customer.store_not_in_website': 'summary',
  'customer.invalid_login': 'summary',
  'customer.locked': 'summary',
  'address.not_owned': 'summary',
  'address.default_billing_delete': 'summary',
  'address.default_shipping_delete': 'summary',
  'newsletter.guest_not_allowed': 'email',
  'newsletter.already_subscribed': 'email',
  'newsletter.email_of_other_customer': 'email',
  'customer.not_confirmed': 'summary',
  'password.too_long': 'password',
  'password.too_short': 'password',
  'password.surrounding_space': 'password',
  'password.character_classes': 'password',
  'password.same_as_email': 'password',
  'password.current_mismatch': 'current-password',
  'password.invalid_template': 'summary',
  'password.reset_token_mismatch': 'summary',
  'password.reset_token_expired': 'summary',
  'password.reset_token_ambiguous': 'summary',
  'password.reset_too_frequent': 'summary',
  'password.reset_too_many': 'summary',
  'confirmation.invalid_key': 'summary',
  'confirmation.not_needed': 'summary',
  'confirmation.already_active': 'summary',
  'auth.sign_in_failed': 'summary',
  'auth.not_authorized': 'summary',
  'auth.busy': 'summary',
  'admin.username_required': 'summary',
  'admin.firstname_required': 'summary',
  'admin.lastname_required': 'summary',
  'admin.invalid_email': 'email',
  'admin.password_required': 'password',
  'admin.password_too_short': 'password',
  'admin.password_needs_letters_and_digits': 'password',
  'admin.user_exists': 'summary',
  'role.exists': 'summary',
  'group.exists': 'summary',
  'group.cannot_delete': 'summary',
  'integration.exists': 'summary',
  'store.code_duplicated': 'summary',
  'store.invalid_code': 'summary',
  'store.no_default_website': 'summary',
  'store.group_in_other_website': 'summary',
  'store.not_set_up': 'summary',
  'secret.unreadable': 'summary',
  'secret.not_created': 'summary',
};

export class FormErrors {
  readonly summary: string[] = [];
  readonly fields = new Map<string, string[]>();
  /** Labels of the fields in error, in the order the form renders them (filled while rendering). */
  private readonly labels = new Map<string, string>();

  add(message: string, fieldId?: string): this {
    if (fieldId) this.fields.set(fieldId, [...(this.fields.get(fieldId) ?? []), message]);
    else this.summary.push(message);
    return this;
  }

  get empty(): boolean {
    return this.summary.length === 0 && this.fields.size === 0;
  }

  /** Every message (tests and logs); pages show `messages()` at the top and field messages in place. */
  all(): string[] {
    return [...this.summary, ...[...this.fields.values()].flat()];
  }

  /** A rendered field reports its label, so the summary can name it. */
  seen(fieldId: string, label: string): void {
    if (this.fields.has(fieldId)) this.labels.set(fieldId, label);
  }

  /**
   * The messages for the top of the page: those that belong to no field, then one line naming the
   * fields in error. Each field's own message is shown once, next to it. Call after rendering the form.
   */
  messages(): Array<{ type: 'error'; text: string }> {
    const out = this.summary.map((text) => ({ type: 'error' as const, text }));
    // A field the form does not render would lose its message: show it at the top instead.
    [...this.fields.entries()].forEach(([id, messages]) => {
      if (!this.labels.has(id)) out.push(...messages.map((text) => ({ type: 'error' as const, text })));
    });
    const labels = [...this.labels.values()];
    if (labels.length > 0) out.push({ type: 'error', text: `Please correct ${labels.length === 1 ? 'this field' : 'these fields'}: ${labels.join(', ')}.` });
    return out;
  }

  /**
   * A service error as messages: an aggregate becomes one message per error; an error naming a
   * field (`fieldName`) is attached to that form field, with the field's label in place of the
   * service's key (`"telephone" is required` reads `"Phone Number" is required`).
   */
  static from(error: DomainError, fieldIds: Record<string, string | FieldRef> = {}): FormErrors {
    const errors = new FormErrors();
    const list = error instanceof InputError && error.errors.length > 0 ? error.errors : [error];
    for (const e of list) {
      let params = e.params as Record<string, unknown> | unknown[] | undefined;
      const placement = STOREFRONT_ERROR_PLACEMENT[e.code];
      const fieldName = placement === 'by-field-name' && params && !Array.isArray(params) ? String(params.fieldName ?? '') : placement;
      const ref = placement === 'summary' ? undefined : fieldIds[fieldName];
      const target = typeof ref === 'string' ? ref : ref?.id;
      // The field's label in place of the service's key: `"telephone" is required` reads `"Phone Number" is required`.
      if (ref && typeof ref !== 'string' && placement === 'by-field-name' && params && !Array.isArray(params)) params = { ...params, fieldName: ref.label };
      // Magento's customer validator joins its messages with newlines.
      for (const line of formatMessage(e.message, params).split('\n')) errors.add(line, target);
    }
    return errors;
  }
}

export interface FieldOptions {
  id: string;
  name?: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  value?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  minlength?: number;
  errors?: FormErrors;
}

function describedBy(id: string, hint: boolean, messages: string[]): Html {
  const ids = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
}

function errorText(id: string, messages: string[]): Html {
  return messages.length ? html`<p class="error" id="${id}-error">${messages.join(' ')}</p>` : html``;
}

function label(id: string, text: string, required?: boolean): Html {
  return html`<label for="${id}">${text}${required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}</label>`;
}

export function input(o: FieldOptions): Html {
  o.errors?.seen(o.id, o.label);
  const messages = o.errors?.fields.get(o.id) ?? [];
  return html`<div class="field">
    ${label(o.id, o.label, o.required)}
    <input id="${o.id}" name="${o.name ?? o.id}" type="${o.type ?? 'text'}" value="${o.type === 'password' ? '' : (o.value ?? '')}"${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.minlength ? html` minlength="${o.minlength}"` : ''}${messages.length ? html` aria-invalid="true"` : ''}${describedBy(o.id, !!o.hint, messages)}>
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
    ${errorText(o.id, messages)}
  </div>`;
}

export function checkbox(o: { id: string; name?: string; label: string; checked: boolean; value?: string }): Html {
  return html`<div class="field choice">
    <input type="checkbox" id="${o.id}" name="${o.name ?? o.id}" value="${o.value ?? '1'}"${o.checked ? html` checked` : ''}><label for="${o.id}">${o.label}</label>
  </div>`;
}

export interface SelectOptions {
  id: string;
  name?: string;
  label: string;
  required?: boolean;
  hint?: string;
  errors?: FormErrors;
  options: Html;
}

export function select(o: SelectOptions): Html {
  o.errors?.seen(o.id, o.label);
  const messages = o.errors?.fields.get(o.id) ?? [];
  return html`<div class="field">
    ${label(o.id, o.label, o.required)}
    <select id="${o.id}" name="${o.name ?? o.id}"${o.required ? html` required` : ''}${messages.length ? html` aria-invalid="true"` : ''}${describedBy(o.id, !!o.hint, messages)}>${o.options}</select>
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
    ${errorText(o.id, messages)}
  </div>`;
}

export function formKey(key: string): Html {
  return html`<input type="hidden" name="form_key" value="${key}">`;
}
