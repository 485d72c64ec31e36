// PWA Studio (Venia) and GraphCommerce account pages against a real server, with the documents
// loaded from the installed packages and sent as Apollo Client sends them (__typename added).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apolloStyle, GraphCommerceDocuments, veniaDocuments } from '../helpers/client-documents.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { resetTokenIn, startMailCatcher, type MailCatcher } from '../helpers/smtp.ts';

const PEREGRINE = '@magento/peregrine/lib/talons';
const VENIA = '@magento/venia-ui/lib/components';

export async function graphql(server: TestServer, query: string, variables: Record<string, unknown> = {}, options: { token?: string; store?: string } = {}) {
  const headers: Record<string, string> = { authorization: options.token ? `Bearer ${options.token}` : '' };
  if (options.store) headers.Store = options.store;
  const reply = await server.request('POST', '/graphql', { body: { query: apolloStyle(query), variables }, headers });
  assert.equal(reply.status, 200, reply.text);
  return reply.body as { data?: any; errors?: Array<{ message: string; extensions?: { category: string } }> };
}

function ok(result: { data?: any; errors?: unknown[] }) {
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data;
}

const ADDRESS = { firstname: 'Jane', lastname: 'Doe', street: ['160 1st St.'], city: 'Mineola', postcode: '11501', telephone: '516-555-1111', region: { region_id: 43 }, country_code: 'US' };

describe('GraphQL with real storefront documents', () => {
  let server: TestServer;
  let smtp: MailCatcher;
  before(async () => {
    smtp = await startMailCatcher();
    server = await startServer({ env: { KEYFRONT_MAIL_INTERVAL_MS: '100', SMTP_URL: smtp.url } });
    await server.cli('config:set', 'customer/password/password_reset_protection_type', '0');
    // GraphCommerce sends [street, house number, addition]: its shops configure three street lines.
    await server.cli('config:set', 'customer/address/street_lines', '3');
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  async function resetToken(email: string): Promise<string> {
    return resetTokenIn(await smtp.next((m) => m.to.includes(email) && m.headers['x-keyfront-template'] === 'email_reset'));
  }

  it('PWA Studio Venia: create account, sign in, account information, address book, newsletter, passwords, sign out', async () => {
    const createAccount = await veniaDocuments(`${PEREGRINE}/CreateAccount/createAccount.gql.js`);
    const signIn = await veniaDocuments(`${PEREGRINE}/SignIn/signIn.gql.js`);
    const info = await veniaDocuments(`${VENIA}/AccountInformationPage/accountInformationPage.gql.js`);
    const book = await veniaDocuments(`${PEREGRINE}/AddressBookPage/addressBookPage.gql.js`);
    const country = await veniaDocuments(`${VENIA}/Country/country.gql.js`);
    const region = await veniaDocuments(`${VENIA}/Region/region.gql.js`);
    const communications = await veniaDocuments(`${PEREGRINE}/CommunicationsPage/communicationsPage.gql.js`);
    const newsletter = await veniaDocuments(`${PEREGRINE}/Newsletter/newsletter.gql.js`);
    const forgot = await veniaDocuments(`${VENIA}/ForgotPassword/forgotPassword.gql.js`);
    const reset = await veniaDocuments(`${VENIA}/MyAccount/ResetPassword/resetPassword.gql.js`);
    const signOut = await veniaDocuments(`${PEREGRINE}/AuthModal/authModal.gql.js`);
    const email = `venia-${Date.now()}@example.com`;

    const config = ok(await graphql(server, createAccount.GET_STORE_CONFIG_DATA)).storeConfig;
    assert.deepEqual(config, { store_code: 'default', minimum_password_length: '8', customer_access_token_lifetime: 1, __typename: 'StoreConfig' });

    const created = ok(await graphql(server, createAccount.CREATE_ACCOUNT, { email, firstname: 'Jane', lastname: 'Doe', password: 'Password1', is_subscribed: true }));
    assert.deepEqual(created.createCustomer.customer, { email, is_confirmed: true, __typename: 'Customer' });

    const signedIn = ok(await graphql(server, signIn.SIGN_IN, { email, password: 'Password1' })).generateCustomerToken;
    assert.equal(signedIn.__typename, 'CustomerToken');
    assert.match(signedIn.token, /^\S{20,}$/);
    const token = signedIn.token as string;
    assert.deepEqual(ok(await graphql(server, signIn.GET_CUSTOMER, {}, { token })).customer, { email, firstname: 'Jane', lastname: 'Doe', is_subscribed: true, __typename: 'Customer' });

    assert.deepEqual(ok(await graphql(server, info.GET_CUSTOMER_INFORMATION, {}, { token })).customer, { id: null, firstname: 'Jane', lastname: 'Doe', email, __typename: 'Customer' });
    const updated = ok(await graphql(server, info.SET_CUSTOMER_INFORMATION, { customerInput: { firstname: 'Janet', lastname: 'Doe' } }, { token }));
    assert.equal(updated.updateCustomer.customer.firstname, 'Janet');

    const empty = ok(await graphql(server, book.GET_CUSTOMER_ADDRESSES, {}, { token }));
    assert.deepEqual(empty.customer.addresses, []);
    assert.ok(empty.countries.some((c: any) => c.id === 'US' && c.full_name_locale === 'United States' && c.__typename === 'Country'));
    const first = ok(await graphql(server, book.ADD_NEW_CUSTOMER_ADDRESS, { address: { ...ADDRESS, default_shipping: true, default_billing: true } }, { token }));
    const firstId = first.createCustomerAddress.id as number;
    assert.equal(typeof firstId, 'number');
    const second = ok(await graphql(server, book.ADD_NEW_CUSTOMER_ADDRESS, { address: { ...ADDRESS, city: 'Albany', region: { region_code: 'NY' } } }, { token }));
    const changed = ok(await graphql(server, book.UPDATE_CUSTOMER_ADDRESS, { addressId: second.createCustomerAddress.id, updated_address: { city: 'Buffalo', middlename: 'Q' } }, { token }));
    assert.deepEqual(changed.updateCustomerAddress.region, { region: 'New York', region_code: 'NY', region_id: 43, __typename: 'CustomerAddressRegion' });
    assert.equal(changed.updateCustomerAddress.city, 'Buffalo');
    assert.equal(changed.updateCustomerAddress.default_billing, false);
    const listed = ok(await graphql(server, book.GET_CUSTOMER_ADDRESSES, {}, { token })).customer.addresses;
    assert.deepEqual(listed.map((a: any) => [a.city, a.default_shipping, a.street]), [['Mineola', true, ['160 1st St.']], ['Buffalo', false, ['160 1st St.']]]);
    assert.equal(ok(await graphql(server, book.DELETE_CUSTOMER_ADDRESS, { addressId: second.createCustomerAddress.id }, { token })).deleteCustomerAddress, true);
    const refused = await graphql(server, book.DELETE_CUSTOMER_ADDRESS, { addressId: firstId }, { token });
    assert.deepEqual(refused.errors?.map((e) => [e.message, e.extensions?.category]), [[`Customer Address ${firstId} is set as default billing address and can not be deleted`, 'graphql-input']]);

    const countries = ok(await graphql(server, country.GET_COUNTRIES_QUERY)).countries;
    assert.ok(countries.some((c: any) => c.id === 'DE' && c.full_name_english === 'Germany' && c.two_letter_abbreviation === 'DE'));
    const regions = ok(await graphql(server, region.GET_REGIONS_QUERY, { countryCode: 'US' })).country;
    assert.ok(regions.available_regions.some((r: any) => r.id === 43 && r.code === 'NY' && r.name === 'New York' && r.__typename === 'Region'));

    assert.equal(ok(await graphql(server, communications.SET_NEWSLETTER_SUBSCRIPTION, { isSubscribed: false }, { token })).updateCustomer.customer.is_subscribed, false);
    assert.equal(ok(await graphql(server, communications.GET_CUSTOMER_SUBSCRIPTION, {}, { token })).customer.is_subscribed, false);
    assert.equal(ok(await graphql(server, newsletter.GET_STORE_CONFIG_DATA)).storeConfig.newsletter_enabled, true);
    assert.equal(ok(await graphql(server, newsletter.SUBSCRIBE_TO_NEWSLETTER, { email }, { token })).subscribeEmailToNewsletter.status, 'SUBSCRIBED');

    assert.equal(ok(await graphql(server, info.CHANGE_CUSTOMER_PASSWORD, { currentPassword: 'Password1', newPassword: 'Changed-Pass1' }, { token })).changeCustomerPassword.email, email);
    assert.equal(ok(await graphql(server, forgot.REQUEST_PASSWORD_RESET_EMAIL_MUTATION, { email })).requestPasswordResetEmail, true);
    const mailed = await resetToken(email);
    assert.equal(ok(await graphql(server, reset.RESET_PASSWORD_MUTATION, { email, token: mailed, newPassword: 'Reset-Pass1' })).resetPassword, true);
    const again = ok(await graphql(server, signIn.SIGN_IN, { email, password: 'Reset-Pass1' })).generateCustomerToken.token;

    assert.equal(ok(await graphql(server, signOut.SIGN_OUT, {}, { token: again })).revokeCustomerToken.result, true);
    const after = await graphql(server, signIn.GET_CUSTOMER, {}, { token: again });
    assert.equal(after.errors?.[0].extensions?.category, 'graphql-authorization');
  });

  it('GraphCommerce: sign up, sign in, dashboard, addresses, name, email, password, forms, sign out, delete', async () => {
    const gc = new GraphCommerceDocuments(['@graphcommerce/magento-customer', '@graphcommerce/magento-store']);
    const email = `gc-${Date.now()}@example.com`;
    assert.deepEqual(ok(await graphql(server, gc.document('IsEmailAvailable'), { email })).isEmailAvailable, { is_email_available: true, __typename: 'IsEmailAvailableOutput' });

    const signedUp = ok(await graphql(server, gc.document('SignUp'), { email, password: 'Password1', prefix: 'Dr.', firstname: 'Gale', lastname: 'Commerce', isSubscribed: false, dateOfBirth: '1990-04-02', gender: 2 }));
    const customer = signedUp.createCustomer.customer;
    assert.equal(customer.email, email);
    assert.equal(customer.prefix, 'Dr.');
    assert.equal(customer.date_of_birth, '1990-04-02');
    assert.equal(customer.gender, 2);
    assert.equal(customer.is_subscribed, false);
    assert.deepEqual(customer.addresses, []);
    assert.deepEqual(customer.custom_attributes, []);

    const token = ok(await graphql(server, gc.document('SignIn'), { email, password: 'Password1' })).generateCustomerToken.token as string;
    assert.equal(ok(await graphql(server, gc.document('UseCustomerValidateToken'), {}, { token })).customer.email, email);

    const created = ok(
      await graphql(server, gc.document('CreateCustomerAddress'), {
        firstname: 'Gale', lastname: 'Commerce', telephone: '0201234567', street: 'Damrak', houseNumber: '1', addition: 'A', city: 'Amsterdam',
        postcode: '1012 LG', region: { region: 'Noord-Holland' }, countryCode: 'NL', defaultBilling: true, defaultShipping: true, isCompany: true,
      }, { token }),
    ).createCustomerAddress;
    assert.equal(created.isCompany, created.id);
    const info = ok(await graphql(server, gc.document('Customer'), {}, { token })).customer;
    assert.equal(info.default_billing, String(created.id));
    assert.deepEqual(info.addresses[0].street, ['Damrak', '1', 'A']);
    assert.equal(info.addresses[0].country_code, 'NL');
    assert.deepEqual(info.addresses[0].region, { region: 'Noord-Holland', region_code: null, region_id: 0, __typename: 'CustomerAddressRegion' });

    const edited = ok(await graphql(server, gc.document('UpdateCustomerAddress'), { id: created.id, street: 'Dam', houseNumber: '2', city: 'Amsterdam', countryCode: 'NL' }, { token })).updateCustomerAddress;
    assert.deepEqual(edited.street, ['Dam', '2']);
    const defaults = ok(await graphql(server, gc.document('UpdateDefaultAddress'), { addressId: created.id, defaultBilling: false, defaultShipping: true }, { token })).updateCustomerAddress;
    assert.deepEqual([defaults.default_billing, defaults.default_shipping], [false, true]);
    const book = ok(await graphql(server, gc.document('AccountDashboardAddresses'), {}, { token })).customer.addresses;
    assert.equal(book.length, 1);

    const renamed = ok(await graphql(server, gc.document('UpdateCustomerName'), { prefix: 'Ms.', firstname: 'Gail', lastname: 'Commerce' }, { token })).updateCustomerV2.customer;
    assert.deepEqual(renamed, { prefix: 'Ms.', firstname: 'Gail', lastname: 'Commerce', __typename: 'Customer' });
    const form = ok(await graphql(server, gc.document('UseCustomerUpdateForm'), { input: { taxvat: 'NL123', custom_attributes: [{ attribute_code: 'loyalty', value: 'gold' }] } }, { token })).updateCustomerV2.customer;
    assert.equal(form.taxvat, 'NL123');
    assert.deepEqual(form.custom_attributes, [{ __typename: 'AttributeValue', code: 'loyalty', value: 'gold' }]);

    const newEmail = `gc2-${Date.now()}@example.com`;
    assert.equal(ok(await graphql(server, gc.document('UpdateCustomerEmail'), { email: newEmail, password: 'Password1' }, { token })).updateCustomerEmail.customer.email, newEmail);
    assert.equal(ok(await graphql(server, gc.document('ChangePassword'), { currentPassword: 'Password1', newPassword: 'Changed-Pass1' }, { token })).changeCustomerPassword.email, newEmail);

    const attributes = ok(await graphql(server, gc.document('AttributesForm'), { formCode: 'customer_account_create' })).attributesForm;
    assert.deepEqual(attributes.errors, []);
    const firstname = attributes.items.find((i: any) => i.code === 'firstname');
    assert.deepEqual([firstname.__typename, firstname.frontend_input, firstname.is_required, firstname.label], ['CustomerAttributeMetadata', 'TEXT', true, 'First Name']);
    const gender = attributes.items.find((i: any) => i.code === 'gender');
    assert.ok(gender.options.some((o: any) => o.label === 'Female' && o.value === '2' && o.__typename === 'AttributeOptionMetadata'));
    const nl = ok(await graphql(server, gc.document('CountryRegions'))).countries.find((c: any) => c.id === 'NL');
    assert.deepEqual([nl.three_letter_abbreviation, nl.available_regions], ['NLD', null]);

    assert.equal(ok(await graphql(server, gc.document('ForgotPassword'), { email: newEmail })).requestPasswordResetEmail, true);
    const mailed = await resetToken(newEmail);
    assert.equal(ok(await graphql(server, gc.document('ResetPassword'), { email: newEmail, resetPasswordToken: mailed, newPassword: 'Reset-Pass1' })).resetPassword, true);
    const fresh = ok(await graphql(server, gc.document('SignIn'), { email: newEmail, password: 'Reset-Pass1' })).generateCustomerToken.token as string;

    const v2 = ok(await graphql(server, gc.document('UseCustomerCreateForm'), { input: { email: `gc3-${Date.now()}@example.com`, firstname: 'Vee', lastname: 'Two', password: 'Password1' } })).createCustomerV2.customer;
    assert.equal(v2.firstname, 'Vee');

    // A default address cannot be deleted (Magento's GraphQL rule): unset the default first.
    ok(await graphql(server, gc.document('UpdateDefaultAddress'), { addressId: created.id, defaultBilling: false, defaultShipping: false }, { token: fresh }));
    assert.equal(ok(await graphql(server, gc.document('DeleteCustomerAddressForm'), { id: created.id }, { token: fresh })).deleteCustomerAddress, true);
    assert.equal(ok(await graphql(server, gc.document('SignOutForm'), {}, { token: fresh })).revokeCustomerToken.result, true);
    const last = ok(await graphql(server, gc.document('SignIn'), { email: newEmail, password: 'Reset-Pass1' })).generateCustomerToken.token as string;
    assert.equal(ok(await graphql(server, gc.document('DeleteCustomer'), {}, { token: last })).deleteCustomer, true);
    const gone = await graphql(server, gc.document('SignIn'), { email: newEmail, password: 'Reset-Pass1' });
    assert.equal(gone.errors?.[0].extensions?.category, 'graphql-authentication');
  });
});
